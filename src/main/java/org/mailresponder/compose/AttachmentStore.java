package org.mailresponder.compose;

import java.io.IOException;

/** Where attachment bytes come from: a local "bucket" folder, or S3 through an on-disk cache. */
public interface AttachmentStore {

    /** The attachment's bytes and a version tag (ETag or content digest). */
    record Attachment(byte[] bytes, String version) {
    }

    Attachment fetch(String bucket, String key) throws IOException;

    /**
     * Whether the attachment can be sent now, without reading it whole (a file's existence and permissions, an S3
     * HEAD). Checked for every attachment before a config is put in force.
     *
     * @throws IOException whose message says what is wrong and where
     */
    void checkReadable(String bucket, String key) throws IOException;

    /**
     * Moves on whenever attachment bytes changed without a config change (an object replaced in S3), so that
     * bodies compiled from the old bytes are compiled again.
     */
    default long generation() {
        return 0;
    }

    /** Re-checks the attachments in use against their source; returns how many changed. */
    default int revalidate() {
        return 0;
    }
}
