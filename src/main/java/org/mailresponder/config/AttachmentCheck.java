package org.mailresponder.config;

import java.io.IOException;

/**
 * Whether an attachment a config names can be sent now: the file exists and is readable (local buckets), or the
 * object exists and may be read (S3). A config whose attachment fails is refused before it is put in force, rather
 * than deferring every request for that address later.
 */
@FunctionalInterface
public interface AttachmentCheck {

    /** For tests and tools that check only the JSON. */
    AttachmentCheck NONE = ref -> { };

    /** @throws IOException whose message says what is wrong and where (path or s3:// location) */
    void check(AttachmentRef ref) throws IOException;
}
