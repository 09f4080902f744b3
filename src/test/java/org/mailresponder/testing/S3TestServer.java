package org.mailresponder.testing;

import java.net.URI;
import java.time.Duration;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.mailresponder.s3.S3Clients;
import org.mailresponder.s3.S3Settings;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * A real S3 peer for tests: s3proxy embedded in the test JVM on a loopback port, backed by jclouds' in-memory
 * blob store, with AWS signature checks on. It can be stopped and started again on the same port (same objects)
 * to show what the service does while S3 is down.
 */
public final class S3TestServer implements AutoCloseable {

    public static final String ACCESS_KEY = "test-access";
    public static final String SECRET_KEY = "test-secret-0123456789";

    private final BlobStoreContext blobs;
    private S3Proxy proxy;
    private int port;
    private final S3Client client;

    public S3TestServer() throws Exception {
        blobs = ContextBuilder.newBuilder("transient").credentials("unused", "unused").build(BlobStoreContext.class);
        start(0);
        client = S3Clients.create(settings());
    }

    private void start(int wantedPort) throws Exception {
        proxy = S3Proxy.builder().blobStore(blobs.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:" + wantedPort))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
            }
            Thread.sleep(10);
        }
        port = proxy.getPort();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** Settings that reach this server with static keys and path-style access, as an operator would set them. */
    public S3Settings settings() {
        return new S3Settings("us-east-1", endpoint(), true, ACCESS_KEY, SECRET_KEY, Duration.ofSeconds(3),
                Duration.ofSeconds(3), Duration.ofSeconds(10));
    }

    public void createBucket(String bucket) {
        client.createBucket(CreateBucketRequest.builder().bucket(bucket).build());
    }

    /** Stores an object and returns its ETag as S3 sends it (quoted). */
    public String put(String bucket, String key, byte[] bytes) {
        return client.putObject(PutObjectRequest.builder().bucket(bucket).key(key).build(), RequestBody.fromBytes(bytes))
                .eTag();
    }

    public void delete(String bucket, String key) {
        client.deleteObject(software.amazon.awssdk.services.s3.model.DeleteObjectRequest.builder().bucket(bucket)
                .key(key).build());
    }

    /** Takes S3 off the network: connections to its port are refused. */
    public void stop() throws Exception {
        proxy.stop();
    }

    /** Brings S3 back on the same port, with the same objects. */
    public void restart() throws Exception {
        start(port);
    }

    @Override
    public void close() throws Exception {
        client.close();
        try {
            proxy.stop();
        } finally {
            blobs.close();
        }
    }
}
