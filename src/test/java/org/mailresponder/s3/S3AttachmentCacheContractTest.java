package org.mailresponder.s3;

import java.nio.file.Path;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.mailresponder.compose.AttachmentStore;
import org.mailresponder.compose.AttachmentStoreContract;
import org.mailresponder.testing.S3TestServer;
import software.amazon.awssdk.services.s3.S3Client;

/** {@link AttachmentStoreContract} for S3 (s3proxy) through the on-disk cache. */
class S3AttachmentCacheContractTest extends AttachmentStoreContract {

    private static S3TestServer s3;
    private static S3Client client;
    private static int bucketCounter;

    @TempDir
    Path cacheDir;
    private String bucket;
    private AttachmentStore store;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = new S3TestServer();
        client = S3Clients.create(s3.settings());
    }

    @AfterAll
    static void stopS3() throws Exception {
        client.close();
        s3.close();
    }

    @BeforeEach
    void freshBucket() {
        bucket = "contract-" + (++bucketCounter);
        s3.createBucket(bucket);
    }

    @Override
    protected AttachmentStore store() throws Exception {
        // one cache per test, as one per service: a second store() in a test is the same cache
        if (store == null) {
            store = new S3AttachmentCache(client, cacheDir, 1024 * 1024, new SimpleMeterRegistry());
        }
        return store;
    }

    @Override
    protected String bucket() {
        return bucket;
    }

    @Override
    protected void put(String key, byte[] bytes) {
        s3.put(bucket, key, bytes);
    }

    @Override
    protected void remove(String key) {
        s3.delete(bucket, key);
    }
}
