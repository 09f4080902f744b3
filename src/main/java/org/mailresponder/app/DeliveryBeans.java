package org.mailresponder.app;

import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.util.TimeUtils;
import org.mailresponder.camel.ReusingSmtpSender;
import org.mailresponder.config.ResponderConfig;
import org.mailresponder.config.ResponderConfigHolder;
import org.mailresponder.config.SendMethod;
import org.mailresponder.delivery.DeliveryRejections;
import org.mailresponder.delivery.LazySesClient;
import org.mailresponder.delivery.SesAccountStatistics;
import org.mailresponder.delivery.SesClients;
import org.mailresponder.delivery.SesSendRate;
import org.mailresponder.delivery.TransportMessages;
import org.mailresponder.inbound.MailboxMessages;
import software.amazon.awssdk.services.ses.SesClient;

import static org.mailresponder.camel.ContextResources.closeOnStop;

/** The transports (SES, SMTP), their pacing and error handling, and the mailbox ingest's message reader. */
public class DeliveryBeans {

    /** Built at its first use (see {@link LazySesClient}): the embedded default and SMTP set-ups never build it. */
    @BindToRegistry("sesClient")
    public SesClient sesClient(CamelContext camelContext,
                               @PropertyInject("responder.ses.region") String region,
                               @PropertyInject("responder.ses.endpoint") String endpoint,
                               @PropertyInject("responder.ses.access-key") String accessKey,
                               @PropertyInject("responder.ses.secret-key") String secretKey,
                               @PropertyInject("responder.ses.api-timeout") long apiTimeout,
                               @PropertyInject("responder.ses.connections") int connections,
                               @PropertyInject("responder.ses.connect-timeout") long connectTimeout,
                               @PropertyInject("responder.ses.socket-timeout") long socketTimeout) {
        return closeOnStop(camelContext, new LazySesClient(() -> SesClients.build(region, endpoint, accessKey,
                secretKey, Duration.ofMillis(apiTimeout), connections, Duration.ofMillis(connectTimeout),
                Duration.ofMillis(socketTimeout))));
    }

    @BindToRegistry("sesSendStatistics")
    public SesAccountStatistics sesSendStatistics(SesClient ses) {
        return new SesAccountStatistics(ses);
    }

    /** Sends paced to the account's rate whenever any answer goes out by SES. */
    @BindToRegistry("sesSendRate")
    public SesSendRate sesSendRate(SesClient ses, MeterRegistry meters, ResponderConfigHolder configHolder,
                                   @PropertyInject("responder.delivery.method") String deliveryMethod,
                                   @PropertyInject("responder.ses.max-send-rate") String maxSendRate,
                                   @PropertyInject("responder.ses.fallback-send-rate") double fallbackRate,
                                   @PropertyInject("responder.ses.send-rate-share") double share,
                                   @PropertyInject("responder.ses.quota-timeout") long quotaTimeout,
                                   @PropertyInject("responder.ses.quota-refresh-period") String quotaRefreshPeriod) {
        return new SesSendRate(SesSendRate.getSendQuota(ses, Duration.ofMillis(quotaTimeout)),
                SesSendRate.configured(maxSendRate), fallbackRate, share,
                () -> sesInUse(SendMethod.parse(deliveryMethod), configHolder),
                Duration.ofMillis(TimeUtils.toMilliSeconds(quotaRefreshPeriod)), meters);
    }

    /** Whether any answer goes out by SES: the default method, or an entry of the config in force. */
    private static boolean sesInUse(SendMethod defaultMethod, ResponderConfigHolder holder) {
        if (defaultMethod == SendMethod.SES) {
            return true;
        }
        if (!holder.isLoaded()) {
            return false;
        }
        ResponderConfig config = holder.current();
        return config.addresses().stream().flatMap(a -> config.entriesFor(a).stream())
                .anyMatch(e -> e.sendMethod() == SendMethod.SES);
    }

    @BindToRegistry("transportMessages")
    public TransportMessages transportMessages() {
        return new TransportMessages();
    }

    @BindToRegistry("smtpSender")
    public ReusingSmtpSender smtpSender(CamelContext camelContext,
                                        @PropertyInject("responder.smtp.protocol") String protocol,
                                        @PropertyInject("responder.smtp.host") String host,
                                        @PropertyInject("responder.smtp.port") int port,
                                        @PropertyInject("responder.smtp.username") String username,
                                        @PropertyInject("responder.smtp.password") String password,
                                        @PropertyInject("responder.smtp.timeout") long timeout) {
        return closeOnStop(camelContext, new ReusingSmtpSender(protocol, host, port, username, password, timeout));
    }

    @BindToRegistry("deliveryRejections")
    public DeliveryRejections deliveryRejections(MeterRegistry meters) {
        return new DeliveryRejections(meters, Clock.systemUTC());
    }

    @BindToRegistry("mailboxMessages")
    public MailboxMessages mailboxMessages() {
        return new MailboxMessages();
    }
}
