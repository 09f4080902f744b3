package org.mailresponder.s3;

import java.net.URI;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Builds the one S3 client the config source and the attachment cache share. */
public final class S3Clients {

    private S3Clients() {
    }

    public static S3Client create(S3Settings settings) {
        return builder(settings).build();
    }

    /** The configured builder, for callers (tests) that add to it before building. */
    public static S3ClientBuilder builder(S3Settings settings) {
        if (settings.staticCredentials() && (settings.secretKey() == null || settings.secretKey().isBlank())) {
            throw new IllegalArgumentException("responder.s3.access-key is set but responder.s3.secret-key is empty");
        }
        AwsCredentialsProvider credentials = settings.staticCredentials()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()))
                : DefaultCredentialsProvider.builder().build();
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(settings.pathStyle())
                // We only read, and every object is validated by its ETag; the SDK's extra checksums are not
                // understood by several S3-compatible stores (s3proxy among them).
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(ApacheHttpClient.builder()
                        .connectionTimeout(settings.connectTimeout())
                        .socketTimeout(settings.socketTimeout()))
                .overrideConfiguration(o -> o.apiCallTimeout(settings.apiCallTimeout()));
        if (settings.endpoint() != null && !settings.endpoint().isBlank()) {
            builder.endpointOverride(URI.create(settings.endpoint()));
        }
        return builder;
    }
}
