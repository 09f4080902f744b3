package org.mailresponder.delivery;

import java.util.function.Supplier;

import software.amazon.awssdk.services.ses.SesClient;
import software.amazon.awssdk.services.ses.SesServiceClientConfiguration;
import software.amazon.awssdk.services.ses.model.GetSendQuotaRequest;
import software.amazon.awssdk.services.ses.model.GetSendQuotaResponse;
import software.amazon.awssdk.services.ses.model.GetSendStatisticsRequest;
import software.amazon.awssdk.services.ses.model.GetSendStatisticsResponse;
import software.amazon.awssdk.services.ses.model.SendEmailRequest;
import software.amazon.awssdk.services.ses.model.SendEmailResponse;
import software.amazon.awssdk.services.ses.model.SendRawEmailRequest;
import software.amazon.awssdk.services.ses.model.SendRawEmailResponse;

/**
 * The SES client, built at its first call. Building one loads about a thousand SDK classes (HTTP client, endpoint
 * rules, credential chain): over a second of every start, also on the embedded default and with SMTP, which send
 * nothing by SES. The {@code aws2-ses} endpoint and the pacing and statistics beans get this object at start, as
 * before; the real client is made by the first send or GetSendQuota.
 *
 * <p>Only the calls the service makes are passed on: SendRawEmail and SendEmail (all that Camel's {@code aws2-ses}
 * producer calls), GetSendQuota and GetSendStatistics (pacing, the stats mail). Any other SES call answers
 * {@link UnsupportedOperationException} (the SDK interface's default): add it here when the service starts making
 * it. A dynamic proxy would pass on everything, but it loads every request and response class of the SES API, a
 * third of what is saved.
 */
public final class LazySesClient implements SesClient {

    private final Supplier<SesClient> build;
    private volatile SesClient client;

    public LazySesClient(Supplier<SesClient> build) {
        this.build = build;
    }

    /** Whether the real client has been made (it is, once any call has been passed on). */
    public boolean isBuilt() {
        return client != null;
    }

    @Override
    public SendRawEmailResponse sendRawEmail(SendRawEmailRequest request) {
        return client().sendRawEmail(request);
    }

    @Override
    public SendEmailResponse sendEmail(SendEmailRequest request) {
        return client().sendEmail(request);
    }

    @Override
    public GetSendQuotaResponse getSendQuota(GetSendQuotaRequest request) {
        return client().getSendQuota(request);
    }

    @Override
    public GetSendStatisticsResponse getSendStatistics(GetSendStatisticsRequest request) {
        return client().getSendStatistics(request);
    }

    @Override
    public SesServiceClientConfiguration serviceClientConfiguration() {
        return client().serviceClientConfiguration();
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    /** Closes the real client if one was made. */
    @Override
    public void close() {
        SesClient built = client;
        if (built != null) {
            built.close();
        }
    }

    private SesClient client() {
        SesClient built = client;
        if (built == null) {
            synchronized (this) {
                built = client;
                if (built == null) {
                    built = build.get();
                    client = built;
                }
            }
        }
        return built;
    }
}
