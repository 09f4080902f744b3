package org.mailresponder.s3;

import java.nio.file.Path;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mailresponder.compose.AttachmentStore;
import org.mailresponder.compose.AttachmentStoreContract;
import org.mailresponder.testing.S3TestServerExtension;

/** {@link AttachmentStoreContract} for S3 (s3proxy) through the on-disk cache. */
class S3AttachmentCacheContractTest extends AttachmentStoreContract {

    @RegisterExtension
    static final S3TestServerExtension S3 = new S3TestServerExtension();

    @TempDir
    Path cacheDir;
    private String bucket;
    private AttachmentStore store;

    @BeforeEach
    void freshBucket() {
        bucket = S3.freshBucket("contract");
    }

    @Override
    protected AttachmentStore store() throws Exception {
        // one cache per test, as one per service: a second store() in a test is the same cache
        if (store == null) {
            store = new S3AttachmentCache(S3.client(), cacheDir, 1024 * 1024, new SimpleMeterRegistry());
        }
        return store;
    }

    @Override
    protected String bucket() {
        return bucket;
    }

    @Override
    protected void put(String key, byte[] bytes) {
        S3.put(bucket, key, bytes);
    }

    @Override
    protected void remove(String key) {
        S3.delete(bucket, key);
    }
}
