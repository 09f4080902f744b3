package org.mailresponder.s3;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailresponder.config.ConfigSource;
import org.mailresponder.config.ConfigSourceContract;
import org.mailresponder.testing.S3TestServerExtension;

/** {@link ConfigSourceContract} for the config as an S3 object (s3proxy). */
class S3ConfigSourceContractTest extends ConfigSourceContract {

    @RegisterExtension
    static final S3TestServerExtension S3 = new S3TestServerExtension();

    private S3Location location;

    @BeforeEach
    void freshBucket() {
        location = new S3Location(S3.freshBucket("config"), "contract.json");
    }

    @Override
    protected ConfigSource newSource() {
        return new S3ConfigSource(S3.client(), location);
    }

    @Override
    protected void write(byte[] bytes) {
        S3.put(location.bucket(), location.key(), bytes);
    }

    @Override
    protected void remove() {
        S3.delete(location.bucket(), location.key());
    }

    @Override
    protected String locationName() {
        return location.toString();
    }
}
