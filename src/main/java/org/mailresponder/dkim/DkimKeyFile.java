package org.mailresponder.dkim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the RSA private key that signs answers from a PEM file: PKCS#8 ({@code BEGIN PRIVATE KEY}, what
 * {@code openssl genrsa} writes since OpenSSL 3) or PKCS#1 ({@code BEGIN RSA PRIVATE KEY}, older OpenSSL and
 * {@code -traditional}). Every problem is a {@link DkimKeyException} naming the file, because a key that cannot be
 * used must stop the start-up rather than let answers leave unsigned.
 */
public final class DkimKeyFile {

    /** RFC 8301: verifiers must not accept keys shorter than 1024 bits. */
    static final int MIN_BITS = 1024;

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END \\1-----");

    /** DER of AlgorithmIdentifier { rsaEncryption, NULL }, the fixed part a PKCS#1 key is wrapped in. */
    private static final byte[] RSA_ALGORITHM_ID = {
            0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

    private DkimKeyFile() {
    }

    public static RSAPrivateCrtKey load(Path file) {
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new DkimKeyException(file, "file does not exist");
        } catch (IOException e) {
            throw new DkimKeyException(file, "cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
        return parse(file, pem);
    }

    static RSAPrivateCrtKey parse(Path file, String pem) {
        Matcher m = PEM.matcher(pem);
        if (!m.find()) {
            throw new DkimKeyException(file, "is not a PEM file (expected -----BEGIN PRIVATE KEY----- or "
                    + "-----BEGIN RSA PRIVATE KEY-----)");
        }
        String type = m.group(1);
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(2));
        } catch (IllegalArgumentException e) {
            throw new DkimKeyException(file, "has a damaged PEM body: " + e.getMessage());
        }
        byte[] pkcs8 = switch (type) {
            case "PRIVATE KEY" -> der;
            case "RSA PRIVATE KEY" -> wrapPkcs1(der);
            case "ENCRYPTED PRIVATE KEY" -> throw new DkimKeyException(file, "is encrypted; store it unencrypted "
                    + "(openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-plain.pem) and protect the file instead");
            default -> throw new DkimKeyException(file, "holds a " + type + ", not an RSA private key");
        };
        RSAPrivateCrtKey key;
        try {
            key = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new DkimKeyException(file, "is not a usable RSA private key (" + e.getMessage() + ")");
        }
        if (key.getModulus().bitLength() < MIN_BITS) {
            throw new DkimKeyException(file, "is a " + key.getModulus().bitLength()
                    + "-bit key; receivers reject DKIM keys under " + MIN_BITS + " bits (use 2048)");
        }
        return key;
    }

    /** PrivateKeyInfo { version 0, rsaEncryption, OCTET STRING pkcs1 } — the JDK only reads PKCS#8. */
    private static byte[] wrapPkcs1(byte[] pkcs1) {
        ByteArrayOutputStream inner = new ByteArrayOutputStream(pkcs1.length + 32);
        inner.writeBytes(new byte[] {0x02, 0x01, 0x00});
        inner.writeBytes(RSA_ALGORITHM_ID);
        inner.write(0x04);
        writeLength(inner, pkcs1.length);
        inner.writeBytes(pkcs1);
        ByteArrayOutputStream outer = new ByteArrayOutputStream(inner.size() + 4);
        outer.write(0x30);
        writeLength(outer, inner.size());
        outer.writeBytes(inner.toByteArray());
        return outer.toByteArray();
    }

    private static void writeLength(ByteArrayOutputStream out, int length) {
        if (length < 0x80) {
            out.write(length);
            return;
        }
        int bytes = length > 0xffffff ? 4 : length > 0xffff ? 3 : length > 0xff ? 2 : 1;
        out.write(0x80 | bytes);
        for (int i = bytes - 1; i >= 0; i--) {
            out.write((length >>> (8 * i)) & 0xff);
        }
    }

    /** The key cannot be used; the message says why and names the file. */
    public static final class DkimKeyException extends IllegalStateException {
        DkimKeyException(Path file, String problem) {
            super("DKIM signing key " + file + " " + problem
                    + " (set responder.dkim.sign.key-file to a readable PEM key, or leave it empty to send unsigned)");
        }
    }
}
