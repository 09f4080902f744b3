package org.mailresponder.ratelimit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On the embedded default no hash key is configured; rather than ship a well-known key, one is generated on first
 * start and kept beside the database, so hashes stay stable across restarts.
 */
public final class HashKeyFile {

    private static final Logger LOG = LoggerFactory.getLogger(HashKeyFile.class);

    private HashKeyFile() {
    }

    public static String loadOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.US_ASCII).trim();
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            String hex = HexFormat.of().formatHex(key);
            Files.writeString(file, hex + "\n", StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system; the file stays with default permissions
            }
            LOG.warn("responder.rate-limit.hash-key is not set; generated one in {} (set the property in production, "
                    + "the same on every replica)", file);
            return hex;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or create hash key file " + file + ": " + e.getMessage(), e);
        }
    }
}
