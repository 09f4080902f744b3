package org.mailresponder.config;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.mailresponder.compose.AnswerComposer;
import org.mailresponder.compose.AttachmentNameRules;
import org.mailresponder.compose.DeliveryAlertComposer;
import org.mailresponder.compose.DeliveryMethods;
import org.mailresponder.compose.LocalAttachmentStore;
import org.mailresponder.delivery.DeliveryErrors;
import org.mailresponder.delivery.DeliveryRejections;
import org.mailresponder.delivery.SesClients;
import org.mailresponder.delivery.SmtpRelay;
import org.mailresponder.delivery.TransportMessages;
import org.mailresponder.dkim.AnswerSigner;
import org.mailresponder.inbound.DkimPolicy;
import org.mailresponder.inbound.InboundDkimVerifier;
import org.mailresponder.inbound.MailboxMessages;
import org.mailresponder.inbound.RequestIntake;
import org.mailresponder.inbound.RequestParser;
import org.mailresponder.inbound.RequestScreen;
import org.mailresponder.ratelimit.SenderIdentity;
import org.mailresponder.ratelimit.SenderLimits;
import org.mailresponder.report.RequestOutcomes;

/**
 * Every bean the routes use, built from {@code responder.*} properties. Routes refer to them by the names bound
 * here; none of the beans depends on Camel.
 */
public class ResponderBeans implements CamelConfiguration {

    @PropertyInject("responder.config") String configLocation;
    @PropertyInject(value = "responder.config.legacy-attachment-key", defaultValue = "Psiphon3.exe") String legacyKey;
    @PropertyInject(value = "responder.config.legacy-attachment-filename", defaultValue = "Psiphon3.ex_") String legacyName;
    @PropertyInject(value = "responder.buckets-dir", defaultValue = "config/buckets") String bucketsDir;
    @PropertyInject(value = "responder.data-dir", defaultValue = "data") String dataDir;
    @PropertyInject("responder.from") String from;
    @PropertyInject(value = "responder.from-name", defaultValue = "") String fromName;
    @PropertyInject("responder.complaints-address") String complaintsAddress;
    @PropertyInject(value = "responder.admin-addresses", defaultValue = "") String adminAddresses;
    @PropertyInject(value = "responder.admin-subject-tag", defaultValue = "[mail-responder]") String adminSubjectTag;
    @PropertyInject(value = "responder.inbound.max-bytes", defaultValue = "8192000") int maxBytes;
    @PropertyInject(value = "responder.inbound.max-mime-depth", defaultValue = "20") int maxMimeDepth;
    @PropertyInject(value = "responder.screen.noreply-pattern",
            defaultValue = "(no[-_.]?reply|do[-_.]?not[-_.]?reply|bounces?([-+=].*)?|complaints?)") String noreplyPattern;
    @PropertyInject(value = "responder.screen.bounce-senders", defaultValue = "") String bounceSenders;
    @PropertyInject(value = "responder.dkim.policy", defaultValue = "off") String dkimPolicy;
    @PropertyInject(value = "responder.dkim.required-domains", defaultValue = "") String dkimRequiredDomains;
    @PropertyInject(value = "responder.dkim.authserv-ids", defaultValue = "") String dkimAuthservIds;
    @PropertyInject(value = "responder.rate-limit.daily-limit", defaultValue = "3") int dailyLimit;
    @PropertyInject(value = "responder.rate-limit.hash-key", defaultValue = "") String hashKey;
    @PropertyInject(value = "responder.rate-limit.exempt-domains", defaultValue = "") String exemptDomains;
    @PropertyInject(value = "responder.rate-limit.blocked-domains", defaultValue = "") String blockedDomains;
    @PropertyInject(value = "responder.rate-limit.zone", defaultValue = "UTC") String zone;
    @PropertyInject(value = "responder.attachment-names.domains", defaultValue = "") String safeNameDomains;
    @PropertyInject(value = "responder.attachment-names.renames", defaultValue = ".exe=,.apk=.ap_") String renames;
    @PropertyInject(value = "responder.delivery.method", defaultValue = "outbox") String deliveryMethod;
    @PropertyInject("responder.db.url") String dbUrl;
    @PropertyInject(value = "responder.db.user", defaultValue = "") String dbUser;
    @PropertyInject(value = "responder.db.password", defaultValue = "") String dbPassword;
    @PropertyInject(value = "responder.db.pool-size", defaultValue = "10") int dbPoolSize;
    // Transports (SES, SMTP) and the mailbox ingest
    @PropertyInject(value = "responder.ses.region", defaultValue = "us-east-1") String sesRegion;
    @PropertyInject(value = "responder.ses.endpoint", defaultValue = "") String sesEndpoint;
    @PropertyInject(value = "responder.ses.access-key", defaultValue = "") String sesAccessKey;
    @PropertyInject(value = "responder.ses.secret-key", defaultValue = "") String sesSecretKey;
    @PropertyInject(value = "responder.ses.api-timeout", defaultValue = "10000") long sesApiTimeout;
    @PropertyInject(value = "responder.ses.connections", defaultValue = "50") int sesConnections;
    @PropertyInject(value = "responder.smtp.protocol", defaultValue = "smtp") String smtpProtocol;
    @PropertyInject(value = "responder.smtp.host", defaultValue = "127.0.0.1") String smtpHost;
    @PropertyInject(value = "responder.smtp.port", defaultValue = "2525") int smtpPort;
    @PropertyInject(value = "responder.smtp.username", defaultValue = "") String smtpUsername;
    @PropertyInject(value = "responder.smtp.password", defaultValue = "") String smtpPassword;
    @PropertyInject(value = "responder.smtp.timeout", defaultValue = "10000") long smtpTimeout;

    @Override
    public void configure(CamelContext camelContext) {
        Registry registry = camelContext.getRegistry();
        Clock clock = Clock.systemUTC();

        HikariDataSource dataSource = DatabaseSetup.dataSource(dbUrl, dbUser, dbPassword, dbPoolSize);
        // The pool belongs to this context: it closes when the context stops, not when the JVM exits.
        try {
            camelContext.addService(new ServiceSupport() {
                @Override
                protected void doStop() {
                    dataSource.close();
                }
            }, true, true);
        } catch (Exception e) {
            throw new IllegalStateException("cannot register the database pool with the context", e);
        }
        DatabaseSetup.migrate(dataSource);
        registry.bind("dataSource", dataSource);

        MeterRegistry meters = camelContext.getRegistry().findSingleByType(MeterRegistry.class);
        if (meters == null) {
            meters = new SimpleMeterRegistry();
            registry.bind("meterRegistry", meters);
        }

        ResponderConfigHolder configHolder = new ResponderConfigHolder(configSource(),
                new ResponderConfigParser(legacyKey, legacyName));
        configHolder.refresh();
        registry.bind("configHolder", configHolder);

        SenderIdentity senders = new SenderIdentity(hashKey.isBlank()
                ? HashKeyFile.loadOrCreate(Path.of(dataDir, "hash-key")) : hashKey);
        registry.bind("senderIdentity", senders);

        DkimPolicy policy = new DkimPolicy(DkimPolicy.Mode.parse(dkimPolicy), csv(dkimRequiredDomains),
                csv(dkimAuthservIds));
        InboundDkimVerifier verifier = registry.lookupByNameAndType("inboundDkimVerifier", InboundDkimVerifier.class);
        Set<String> own = new LinkedHashSet<>(List.of(from, complaintsAddress));
        RequestScreen screen = new RequestScreen(complaintsAddress, own, csv(bounceSenders),
                Pattern.compile(noreplyPattern, Pattern.CASE_INSENSITIVE), policy,
                verifier == null ? InboundDkimVerifier.NONE : verifier);
        registry.bind("intake", new RequestIntake(new RequestParser(senders, maxBytes, maxMimeDepth), screen, configHolder));

        registry.bind("senderLimits", new SenderLimits(dailyLimit, csv(exemptDomains), csv(blockedDomains),
                ZoneId.of(zone), clock));

        AttachmentNameRules nameRules = new AttachmentNameRules(csv(safeNameDomains),
                AttachmentNameRules.parseRenames(renames));
        registry.bind("composer", new AnswerComposer(new LocalAttachmentStore(Path.of(bucketsDir)), nameRules,
                from, fromName, complaintsAddress, List.copyOf(csv(adminAddresses)), adminSubjectTag, clock));

        registry.bind("dkimSigner", AnswerSigner.UNSIGNED);
        registry.bind("deliveryMethods", new DeliveryMethods(deliveryMethod));
        registry.bind("outcomes", new RequestOutcomes(meters, clock));
        bindTransports(registry, meters, clock);
    }

    private void bindTransports(Registry registry, MeterRegistry meters, Clock clock) {
        if (registry.lookupByName("sesClient") == null) {
            registry.bind("sesClient", SesClients.build(sesRegion, sesEndpoint, sesAccessKey, sesSecretKey,
                    Duration.ofMillis(sesApiTimeout), sesConnections));
        }
        if (registry.lookupByName("transportMessages") == null) {
            registry.bind("transportMessages", new TransportMessages());
        }
        registry.bind("smtpRelay", new SmtpRelay(smtpProtocol, smtpHost, smtpPort, smtpUsername, smtpPassword,
                smtpTimeout));
        registry.bind("deliveryErrors", new DeliveryErrors());
        registry.bind("deliveryRejections", new DeliveryRejections(meters, clock));
        registry.bind("deliveryAlerts", new DeliveryAlertComposer(from, complaintsAddress,
                List.copyOf(csv(adminAddresses)), adminSubjectTag, clock));
        registry.bind("mailboxMessages", new MailboxMessages());
    }

    private ConfigSource configSource() {
        return new FileConfigSource(Path.of(configLocation));
    }

    static Set<String> csv(String value) {
        if (value == null || value.isBlank()) {
            return Set.of();
        }
        return new LinkedHashSet<>(Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
    }
}
