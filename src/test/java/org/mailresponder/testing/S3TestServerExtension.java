package org.mailresponder.testing;

import java.util.function.Function;

import org.mailresponder.s3.S3Clients;
import org.mailresponder.s3.S3Settings;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An {@link S3TestServer} for the tests that need one, with a client for the code under test, closed when they are
 * done.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final S3TestServerExtension S3 = new S3TestServerExtension();   // one server for the class
 *
 * @BeforeEach
 * void freshBucket() {
 *     bucket = S3.freshBucket("installers");                          // installers-1, installers-2, ...
 * }
 * }</pre>
 *
 * The server is started on first use, so a static field may also be read in {@code @BeforeAll} or while the class
 * initialises (as Camel's test support does when it reads the properties). As a non-static field it lives for one
 * test. A separate class from {@link S3TestServer}, as {@link TestDatabaseExtension} is from {@link TestDatabase}:
 * the server stays a plain {@link AutoCloseable} for a test that wants one only inside a try block.
 */
public final class S3TestServerExtension extends ScopedResourceExtension {

    private final Function<S3Settings, S3Client> clientFactory;
    private S3TestServer server;
    private S3Client client;
    private int bucketCounter;

    /** The client is the one the service builds from its settings. */
    public S3TestServerExtension() {
        this(S3Clients::create);
    }

    /** The client is built by {@code clientFactory}, for a test that watches or bends what the client does. */
    public S3TestServerExtension(Function<S3Settings, S3Client> clientFactory) {
        this.clientFactory = clientFactory;
    }

    /** This scope's server, started on first use. */
    public synchronized S3TestServer server() {
        if (server == null) {
            try {
                server = new S3TestServer();
            } catch (Exception e) {
                throw new IllegalStateException("s3proxy did not start: " + e.getMessage(), e);
            }
        }
        return server;
    }

    /** A client for the code under test, reaching this server as an operator's settings would. */
    public synchronized S3Client client() {
        if (client == null) {
            client = clientFactory.apply(server().settings());
        }
        return client;
    }

    /** Creates an empty bucket no other test of this scope has used, named {@code prefix-N}, and returns its name. */
    public synchronized String freshBucket(String prefix) {
        String bucket = prefix + "-" + (++bucketCounter);
        server().createBucket(bucket);
        return bucket;
    }

    public String endpoint() {
        return server().endpoint();
    }

    public void createBucket(String bucket) {
        server().createBucket(bucket);
    }

    /** Stores an object and returns its ETag as S3 sends it (quoted). */
    public String put(String bucket, String key, byte[] bytes) {
        return server().put(bucket, key, bytes);
    }

    public void delete(String bucket, String key) {
        server().delete(bucket, key);
    }

    /** Takes S3 off the network: connections to its port are refused. */
    public void stop() throws Exception {
        server().stop();
    }

    /** Brings S3 back on the same port, with the same objects. */
    public void restart() throws Exception {
        server().restart();
    }

    @Override
    protected synchronized void close() throws Exception {
        try {
            if (client != null) {
                client.close();
            }
        } finally {
            client = null;
            if (server != null) {
                try {
                    server.close();
                } finally {
                    server = null;
                }
            }
        }
    }
}
