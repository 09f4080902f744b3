package org.mailresponder.s3;

import java.time.Duration;

/**
 * How to reach S3, from the {@code responder.s3.*} properties.
 *
 * @param region         AWS region of the buckets
 * @param endpoint       endpoint override (an S3-compatible store, or a test peer); blank for AWS itself
 * @param pathStyle      address buckets as {@code endpoint/bucket/key} rather than {@code bucket.endpoint/key};
 *                       most S3-compatible stores need it
 * @param accessKey      static access key; blank uses the default AWS credentials chain (environment, profile,
 *                       web identity on Kubernetes, instance role)
 * @param secretKey      the static secret key that goes with {@code accessKey}
 * @param apiCallTimeout upper bound for one call including retries, so a hanging S3 cannot stall the config timer
 * @param connectTimeout TCP connect to S3
 * @param socketTimeout  longest silence while reading an answer (a black-holed connection)
 */
public record S3Settings(String region, String endpoint, boolean pathStyle, String accessKey, String secretKey,
                         Duration apiCallTimeout, Duration connectTimeout, Duration socketTimeout) {

    public boolean staticCredentials() {
        return accessKey != null && !accessKey.isBlank();
    }

    /** Never prints the secret key. */
    @Override
    public String toString() {
        return "S3Settings[region=" + region + ", endpoint=" + (endpoint == null || endpoint.isBlank() ? "aws" : endpoint)
                + ", pathStyle=" + pathStyle + ", credentials=" + (staticCredentials() ? "static" : "default chain") + "]";
    }
}
