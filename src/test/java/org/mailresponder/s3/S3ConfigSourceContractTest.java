package org.mailresponder.s3;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.mailresponder.config.ConfigSource;
import org.mailresponder.config.ConfigSourceContract;
import org.mailresponder.testing.S3TestServer;
import software.amazon.awssdk.services.s3.S3Client;

/** {@link ConfigSourceContract} for the config as an S3 object (s3proxy). */
class S3ConfigSourceContractTest extends ConfigSourceContract {

    private static S3TestServer s3;
    private static S3Client client;
    private static int keyCounter;

    private S3Location location;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = new S3TestServer();
        s3.createBucket("config");
        client = S3Clients.create(s3.settings());
    }

    @AfterAll
    static void stopS3() throws Exception {
        client.close();
        s3.close();
    }

    @BeforeEach
    void freshKey() {
        location = new S3Location("config", "contract-" + (++keyCounter) + ".json");
    }

    @Override
    protected ConfigSource newSource() {
        return new S3ConfigSource(client, location);
    }

    @Override
    protected void write(byte[] bytes) {
        s3.put(location.bucket(), location.key(), bytes);
    }

    @Override
    protected void remove() {
        s3.delete(location.bucket(), location.key());
    }

    @Override
    protected String locationName() {
        return location.key();
    }
}
