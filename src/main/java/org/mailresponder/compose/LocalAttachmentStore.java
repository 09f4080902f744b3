package org.mailresponder.compose;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.mailresponder.config.ResponderConfigParser;

/** Attachments from {@code responder.buckets-dir/bucket/key}, the embedded default's stand-in for S3. */
public class LocalAttachmentStore implements AttachmentStore {

    private final Path root;

    public LocalAttachmentStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public Attachment fetch(String bucket, String key) throws IOException {
        Path file = file(bucket, key);
        try {
            byte[] bytes = Files.readAllBytes(file);
            return new Attachment(bytes, ResponderConfigParser.digest(bytes));
        } catch (NoSuchFileException e) {
            throw new IOException("attachment " + bucket + "/" + key + " not found at " + file, e);
        }
    }

    @Override
    public void checkReadable(String bucket, String key) throws IOException {
        Path file = file(bucket, key);
        if (!Files.exists(file)) {
            throw new IOException("not found at " + file);
        }
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " is not a regular file");
        }
        // Opening is the only reliable test of permissions (ACLs, the service's user, a file locked by another tool).
        try (FileChannel open = FileChannel.open(file, StandardOpenOption.READ)) {
            open.size();
        } catch (AccessDeniedException e) {
            throw new IOException(file + " is not readable by this process (permissions)", e);
        }
    }

    private Path file(String bucket, String key) throws IOException {
        Path file = root.resolve(bucket).resolve(key).normalize();
        if (!file.startsWith(root)) {
            throw new IOException("attachment " + bucket + "/" + key + " is outside " + root);
        }
        return file;
    }
}
