package org.mailresponder.compose;

import java.io.IOException;

/** Where attachment bytes come from: a local "bucket" folder, or S3 through an on-disk cache. */
public interface AttachmentStore {

    /** The attachment's bytes and a version tag (ETag or content digest). */
    record Attachment(byte[] bytes, String version) {
    }

    Attachment fetch(String bucket, String key) throws IOException;
}
