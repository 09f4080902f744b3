package org.mailresponder.config;

import java.io.IOException;

/** Where the responder config comes from: a local file or an S3 object. */
public interface ConfigSource {

    /** The raw config and its version tag (content digest or ETag). */
    record Fetched(byte[] bytes, String version) {
    }

    /**
     * Fetches the config unless it still has {@code knownVersion}.
     *
     * @return the new bytes, or {@code null} when unchanged
     */
    Fetched fetchIfChanged(String knownVersion) throws IOException;

    /** Where the config is read from, for log lines and errors. */
    String describe();
}
