package org.mailresponder.s3;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** ETag handling shared by the config source and the attachment cache. */
final class Etags {

    private static final Pattern PLAIN_MD5 = Pattern.compile("[0-9a-fA-F]{32}");

    private Etags() {
    }

    /** The ETag without its quotes: usable as a version tag and inside a MIME boundary. */
    static String unquote(String etag) {
        if (etag == null) {
            return null;
        }
        String e = etag.strip();
        if (e.startsWith("W/")) {
            e = e.substring(2);
        }
        return e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"") ? e.substring(1, e.length() - 1) : e;
    }

    static String quote(String version) {
        return "\"" + version + "\"";
    }

    /**
     * A single-part upload's ETag is the MD5 of the object; checking it catches a truncated or corrupted read.
     * Multipart and KMS-encrypted objects have other ETags, which are only used as version tags.
     */
    static void verify(String version, byte[] bytes, String what) throws IOException {
        if (version == null || !PLAIN_MD5.matcher(version).matches()) {
            return;
        }
        try {
            String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
            if (!md5.equalsIgnoreCase(version)) {
                throw new IOException(what + ": content MD5 " + md5 + " does not match ETag " + version);
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean notModified(software.amazon.awssdk.services.s3.model.S3Exception e) {
        return e.statusCode() == 304;
    }
}
