package org.mailresponder.app;

import java.time.Duration;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.mailresponder.s3.S3Clients;
import org.mailresponder.s3.S3Settings;
import software.amazon.awssdk.services.s3.S3Client;

import static org.mailresponder.camel.ContextResources.closeOnStop;

/** One S3 client for the config and the attachments, made only when something asks for it (lazy). */
public class S3Beans {

    @BindToRegistry(value = "s3Client", lazy = true)
    public S3Client s3Client(CamelContext camelContext,
                             @PropertyInject("responder.s3.region") String region,
                             @PropertyInject("responder.s3.endpoint") String endpoint,
                             @PropertyInject("responder.s3.path-style") boolean pathStyle,
                             @PropertyInject("responder.s3.access-key") String accessKey,
                             @PropertyInject("responder.s3.secret-key") String secretKey,
                             @PropertyInject("responder.s3.api-call-timeout") long apiCallTimeout,
                             @PropertyInject("responder.s3.connect-timeout") long connectTimeout,
                             @PropertyInject("responder.s3.socket-timeout") long socketTimeout) {
        return closeOnStop(camelContext, S3Clients.create(new S3Settings(region, endpoint, pathStyle, accessKey,
                secretKey, Duration.ofMillis(apiCallTimeout), Duration.ofMillis(connectTimeout),
                Duration.ofMillis(socketTimeout))));
    }
}
