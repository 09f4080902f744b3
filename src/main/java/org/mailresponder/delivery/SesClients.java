package org.mailresponder.delivery;

import java.net.URI;
import java.time.Duration;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ses.SesClient;
import software.amazon.awssdk.services.ses.SesClientBuilder;

/**
 * Builds the SES client the {@code aws2-ses} endpoint uses. The SDK does not retry on its own: the
 * {@code ses-delivery} route configuration owns the retry budget and back-off, so throttling is retried the
 * number of times the operator set, not that times the SDK's default. Building the client contacts nothing;
 * credentials are resolved on the first send.
 */
public final class SesClients {

    private SesClients() {
    }

    /**
     * @param region      AWS region, e.g. us-east-1
     * @param endpoint    endpoint override (an emulator), or blank for AWS
     * @param accessKey   static access key, or blank for the default credentials chain
     * @param secretKey   its secret
     * @param timeout     limit for one API call
     * @param connections HTTP connections kept to SES
     */
    public static SesClient build(String region, String endpoint, String accessKey, String secretKey,
                                  Duration timeout, int connections) {
        return build(region, endpoint, accessKey, secretKey, timeout, connections, Duration.ofSeconds(3),
                timeout);
    }

    /**
     * @param connectTimeout TCP connect to the SES endpoint
     * @param socketTimeout  longest silence while reading SES's answer (a black-holed connection)
     */
    public static SesClient build(String region, String endpoint, String accessKey, String secretKey,
                                  Duration timeout, int connections, Duration connectTimeout, Duration socketTimeout) {
        AwsCredentialsProvider credentials = accessKey == null || accessKey.isBlank()
                ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
        SesClientBuilder builder = SesClient.builder()
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(connections)
                        .connectionTimeout(connectTimeout).socketTimeout(socketTimeout))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(timeout)
                        .apiCallAttemptTimeout(timeout));
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder.build();
    }
}
