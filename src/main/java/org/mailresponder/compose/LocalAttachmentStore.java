package org.mailresponder.compose;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.mailresponder.config.ResponderConfigParser;

/** Attachments from {@code responder.buckets-dir/bucket/key}, the embedded default's stand-in for S3. */
public class LocalAttachmentStore implements AttachmentStore {

    private final Path root;

    public LocalAttachmentStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public Attachment fetch(String bucket, String key) throws IOException {
        Path file = root.resolve(bucket).resolve(key).normalize();
        if (!file.startsWith(root)) {
            throw new IOException("attachment " + bucket + "/" + key + " is outside " + root);
        }
        try {
            byte[] bytes = Files.readAllBytes(file);
            return new Attachment(bytes, ResponderConfigParser.digest(bytes));
        } catch (NoSuchFileException e) {
            throw new IOException("attachment " + bucket + "/" + key + " not found at " + file, e);
        }
    }
}
