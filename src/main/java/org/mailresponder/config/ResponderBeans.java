package org.mailresponder.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.mailresponder.compose.AnswerComposer;
import org.mailresponder.compose.AttachmentNameRules;
import org.mailresponder.compose.AttachmentStore;
import org.mailresponder.compose.DeliveryMethods;
import org.mailresponder.compose.LocalAttachmentStore;
import org.mailresponder.dkim.DkimSigning;
import org.mailresponder.compose.DeliveryAlertComposer;
import org.mailresponder.delivery.FailureClassifier;
import org.mailresponder.delivery.DeliveryRejections;
import org.mailresponder.delivery.SesAccountStatistics;
import org.mailresponder.delivery.ReusingSmtpSender;
import org.mailresponder.delivery.SesClients;
import org.mailresponder.delivery.SesSendRate;
import org.mailresponder.delivery.TransportMessages;
import org.mailresponder.dkim.AnswerSigner;
import org.mailresponder.inbound.DkimPolicy;
import org.mailresponder.inbound.InboundDkimVerifier;
import org.mailresponder.inbound.MailboxMessages;
import org.mailresponder.inbound.MaildirFiles;
import org.mailresponder.inbound.VanishedFiles;
import org.mailresponder.inbound.RequestIntake;
import org.mailresponder.inbound.RequestParser;
import org.mailresponder.inbound.RequestScreen;
import org.mailresponder.screen.HeaderTests;
import org.mailresponder.screen.LocalParts;
import org.mailresponder.screen.ScreenSettings;
import org.mailresponder.ratelimit.HashKeyGuard;
import org.mailresponder.ratelimit.SenderIdentity;
import org.mailresponder.ratelimit.SenderLimits;
import org.mailresponder.ratelimit.AnswerClaims;
import org.mailresponder.ratelimit.ClaimedAnswers;
import org.mailresponder.ratelimit.RecipientBounds;
import org.mailresponder.ratelimit.RequestLedger;
import org.mailresponder.report.RequestedAddresses;
import org.mailresponder.report.StatsFlusher;
import org.mailresponder.report.RequestOutcomes;
import org.mailresponder.s3.S3AttachmentCache;
import org.mailresponder.s3.S3Clients;
import org.mailresponder.s3.S3ConfigSource;
import org.mailresponder.s3.S3Location;
import org.mailresponder.s3.S3Settings;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.ses.SesClient;
import org.mailresponder.report.ConfigMetrics;
import org.mailresponder.report.Housekeeping;
import org.mailresponder.report.OutboxProbe;
import org.mailresponder.report.ReadinessCheck;
import org.mailresponder.report.ReadinessProbe;
import org.mailresponder.report.TransportProbe;
import org.mailresponder.report.SesSendStatistics;
import org.mailresponder.report.StatsBuffer;
import org.mailresponder.report.StatsMail;
import org.mailresponder.report.StatsRepository;

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
    @PropertyInject(value = "responder.maildir", defaultValue = "data/maildir") String maildir;
    @PropertyInject(value = "responder.inbound.max-mime-depth", defaultValue = "20") int maxMimeDepth;
    @PropertyInject(value = "responder.screen.noreply-pattern",
            defaultValue = "(no[-_.]?reply|do[-_.]?not[-_.]?reply|bounces?([-+=].*)?|complaints?)") String noreplyPattern;
    @PropertyInject(value = "responder.screen.bounce-senders", defaultValue = "") String bounceSenders;
    @PropertyInject(value = "responder.screen.delivery-system-senders", defaultValue = ScreenSettings.DELIVERY_SYSTEM_SENDERS) String deliverySystemSenders;
    @PropertyInject(value = "responder.screen.daemon-return-paths", defaultValue = ScreenSettings.DAEMON_RETURN_PATHS) String daemonReturnPaths;
    @PropertyInject(value = "responder.screen.autoresponder-headers", defaultValue = ScreenSettings.AUTORESPONDER_HEADERS) String autoresponderHeaders;
    @PropertyInject(value = "responder.screen.list-headers", defaultValue = ScreenSettings.LIST_HEADERS) String listHeaders;
    @PropertyInject(value = "responder.screen.bulk-precedence", defaultValue = ScreenSettings.BULK_PRECEDENCE) String bulkPrecedence;
    @PropertyInject(value = "responder.screen.complaint-marker-headers", defaultValue = ScreenSettings.COMPLAINT_MARKER_HEADERS) String complaintMarkerHeaders;
    @PropertyInject(value = "responder.screen.read-receipt-subjects", defaultValue = ScreenSettings.READ_RECEIPT_SUBJECTS) String readReceiptSubjects;
    @PropertyInject(value = "responder.screen.auto-reply-subjects", defaultValue = ScreenSettings.AUTO_REPLY_SUBJECTS) String autoReplySubjects;
    @PropertyInject(value = "responder.screen.challenge-subjects", defaultValue = ScreenSettings.CHALLENGE_SUBJECTS) String challengeSubjects;
    @PropertyInject(value = "responder.screen.delivery-failure-subjects", defaultValue = ScreenSettings.DELIVERY_FAILURE_SUBJECTS) String deliveryFailureSubjects;
    @PropertyInject(value = "responder.dkim.policy", defaultValue = "off") String dkimPolicy;
    @PropertyInject(value = "responder.dkim.required-domains", defaultValue = "") String dkimRequiredDomains;
    @PropertyInject(value = "responder.dkim.authserv-ids", defaultValue = "") String dkimAuthservIds;
    @PropertyInject(value = "responder.rate-limit.daily-limit", defaultValue = "3") int dailyLimit;
    @PropertyInject(value = "responder.rate-limit.hash-key", defaultValue = "") String hashKey;
    @PropertyInject(value = "responder.rate-limit.exempt-domains", defaultValue = "") String exemptDomains;
    @PropertyInject(value = "responder.rate-limit.blocked-domains", defaultValue = "") String blockedDomains;
    @PropertyInject(value = "responder.rate-limit.zone", defaultValue = "UTC") String zone;
    // Bounds per victim and at-most-once claims (issue 9); defaults in application.properties
    @PropertyInject("responder.rate-limit.domain-daily-cap") int domainDailyCap;
    @PropertyInject("responder.rate-limit.shared-domains") String sharedDomains;
    @PropertyInject("responder.rate-limit.shared-domain-daily-cap") int sharedDomainDailyCap;
    @PropertyInject("responder.rate-limit.global-hourly-cap") int globalHourlyCap;
    @PropertyInject("responder.forward.hourly-cap") int forwardHourlyCap;
    @PropertyInject("responder.node-id") String nodeId;
    @PropertyInject(value = "responder.attachment-names.domains", defaultValue = "") String safeNameDomains;
    @PropertyInject(value = "responder.attachment-names.renames", defaultValue = ".exe=,.apk=.ap_") String renames;
    @PropertyInject(value = "responder.delivery.method", defaultValue = "outbox") String deliveryMethod;
    @PropertyInject("responder.db.url") String dbUrl;
    @PropertyInject(value = "responder.db.user", defaultValue = "") String dbUser;
    @PropertyInject(value = "responder.db.password", defaultValue = "") String dbPassword;
    @PropertyInject(value = "responder.db.pool-size", defaultValue = "10") int dbPoolSize;
    @PropertyInject(value = "responder.db.connect-timeout", defaultValue = "5000") long dbConnectTimeout;
    @PropertyInject(value = "responder.db.socket-timeout", defaultValue = "30000") long dbSocketTimeout;
    @PropertyInject(value = "responder.db.pool-timeout", defaultValue = "5000") long dbPoolTimeout;
    @PropertyInject(value = "responder.db.admin-server", defaultValue = "true") boolean dbAdminServer;
    @PropertyInject(value = "responder.db.admin-port", defaultValue = "0") int dbAdminPort;
    @PropertyInject(value = "responder.s3.region", defaultValue = "us-east-1") String s3Region;
    @PropertyInject(value = "responder.s3.endpoint", defaultValue = "") String s3Endpoint;
    @PropertyInject(value = "responder.s3.path-style", defaultValue = "false") boolean s3PathStyle;
    @PropertyInject(value = "responder.s3.access-key", defaultValue = "") String s3AccessKey;
    @PropertyInject(value = "responder.s3.secret-key", defaultValue = "") String s3SecretKey;
    @PropertyInject(value = "responder.s3.api-call-timeout", defaultValue = "10000") long s3ApiCallTimeoutMs;
    @PropertyInject(value = "responder.s3.connect-timeout", defaultValue = "3000") long s3ConnectTimeoutMs;
    @PropertyInject(value = "responder.s3.socket-timeout", defaultValue = "10000") long s3SocketTimeoutMs;
    @PropertyInject(value = "responder.attachments.source", defaultValue = "local") String attachmentsSource;
    @PropertyInject(value = "responder.attachments.cache-dir", defaultValue = "") String attachmentCacheDir;
    @PropertyInject(value = "responder.attachments.cache-max-bytes", defaultValue = "536870912") long attachmentCacheMaxBytes;

    private S3Client s3Client;
    // Operations (issue 4): schedules, statistics, health
    @PropertyInject(value = "responder.schedule.zone", defaultValue = "UTC") String scheduleZone;
    @PropertyInject(value = "responder.schedule.cluster-checkin", defaultValue = "7500") long clusterCheckin;
    @PropertyInject(value = "responder.schedule.misfire-threshold", defaultValue = "60000") long misfireThreshold;
    @PropertyInject(value = "responder.retention.days", defaultValue = "7") int retentionDays;
    @PropertyInject(value = "responder.stats.retention-days", defaultValue = "400") int statsRetentionDays;
    @PropertyInject(value = "responder.stats.recipient", defaultValue = "") String statsRecipient;
    @PropertyInject(value = "responder.stats.ses-timeout", defaultValue = "3000") long statsSesTimeout;
    @PropertyInject(value = "responder.health.db-timeout", defaultValue = "2000") long healthDbTimeout;
    @PropertyInject(value = "responder.health.transport-timeout", defaultValue = "2000") long healthTransportTimeout;
    @PropertyInject(value = "responder.health.outbox-min-free-bytes", defaultValue = "104857600") long outboxMinFree;
    @PropertyInject(value = "responder.outbox", defaultValue = "data/outbox") String outbox;

    @PropertyInject(value = "responder.dkim.sign.key-file", defaultValue = "") String dkimKeyFile;
    @PropertyInject(value = "responder.dkim.sign.domain", defaultValue = "") String dkimSignDomain;
    @PropertyInject(value = "responder.dkim.sign.selector", defaultValue = "mail") String dkimSelector;
    @PropertyInject(value = "responder.dkim.sign.headers", defaultValue = DkimSigning.DEFAULT_HEADERS) String dkimSignedHeaders;
    @PropertyInject(value = "responder.dkim.sign.provider", defaultValue = "auto") String dkimSignProvider;
    @PropertyInject(value = "responder.dkim.verify.dns-servers", defaultValue = "") String dkimDnsServers;
    @PropertyInject(value = "responder.dkim.verify.dns-timeout", defaultValue = "5000") long dkimDnsTimeoutMs;
    // Transports (SES, SMTP) and the mailbox ingest
    @PropertyInject(value = "responder.ses.region", defaultValue = "us-east-1") String sesRegion;
    @PropertyInject(value = "responder.ses.endpoint", defaultValue = "") String sesEndpoint;
    @PropertyInject(value = "responder.ses.access-key", defaultValue = "") String sesAccessKey;
    @PropertyInject(value = "responder.ses.secret-key", defaultValue = "") String sesSecretKey;
    @PropertyInject(value = "responder.ses.api-timeout", defaultValue = "10000") long sesApiTimeout;
    @PropertyInject(value = "responder.ses.connections", defaultValue = "50") int sesConnections;
    @PropertyInject(value = "responder.ses.connect-timeout", defaultValue = "3000") long sesConnectTimeout;
    @PropertyInject(value = "responder.ses.socket-timeout", defaultValue = "10000") long sesSocketTimeout;
    @PropertyInject(value = "responder.ses.max-send-rate", defaultValue = "") String sesMaxSendRate;
    @PropertyInject(value = "responder.ses.fallback-send-rate", defaultValue = "1") double sesFallbackSendRate;
    @PropertyInject(value = "responder.ses.send-rate-share", defaultValue = "1") double sesSendRateShare;
    @PropertyInject(value = "responder.ses.quota-timeout", defaultValue = "3000") long sesQuotaTimeout;
    @PropertyInject(value = "responder.ses.quota-refresh-period", defaultValue = "5m") String sesQuotaRefreshPeriod;
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

        HikariDataSource dataSource = DatabaseSetup.dataSource(dbUrl, dbUser, dbPassword, dbPoolSize,
                new DatabaseSetup.Timeouts(dbConnectTimeout, dbSocketTimeout, dbPoolTimeout));
        closeOnStop(camelContext, dataSource);
        DatabaseSetup.migrate(dataSource);
        registry.bind("dataSource", dataSource);
        // Embedded default: admin commands reach the database this process holds open through a loopback server.
        if (dbAdminServer) {
            H2AdminServer.startIfEmbedded(dbUrl, dbAdminPort).ifPresent(server -> closeOnStop(camelContext, server));
        }

        MeterRegistry meters = camelContext.getRegistry().findSingleByType(MeterRegistry.class);
        if (meters == null) {
            meters = new SimpleMeterRegistry();
            registry.bind("meterRegistry", meters);
        }

        // before the first config load: a config naming an attachment that cannot be read is refused
        AttachmentStore attachmentStore = attachmentStore(camelContext, meters);
        ResponderConfigHolder configHolder = new ResponderConfigHolder(configSource(camelContext),
                new ResponderConfigParser(legacyKey, legacyName),
                ref -> attachmentStore.checkReadable(ref.bucket(), ref.key()));
        ConfigMetrics configMetrics = new ConfigMetrics(meters, configHolder, clock);
        configMetrics.record(configHolder.refresh());
        registry.bind("configHolder", configHolder);
        registry.bind("configMetrics", configMetrics);

        SenderIdentity senders = new SenderIdentity(hashKey.isBlank()
                ? HashKeyFile.loadOrCreate(Path.of(dataDir, "hash-key")) : hashKey);
        HashKeyGuard.verify(dataSource, senders);
        registry.bind("senderIdentity", senders);

        DkimPolicy policy = new DkimPolicy(DkimPolicy.Mode.parse(dkimPolicy), csv(dkimRequiredDomains),
                csv(dkimAuthservIds));
        InboundDkimVerifier verifier = registry.lookupByNameAndType("inboundDkimVerifier", InboundDkimVerifier.class);
        if (verifier == null && policy.mode() != DkimPolicy.Mode.OFF) {
            verifier = DkimSigning.inboundVerifier(List.copyOf(csv(dkimDnsServers)), dkimDnsTimeoutMs);
            registry.bind("inboundDkimVerifier", verifier);
        }
        Set<String> own = new LinkedHashSet<>(List.of(from, complaintsAddress));
        ScreenSettings screenSettings = new ScreenSettings(complaintsAddress, own, csv(bounceSenders),
                LocalParts.parse(deliverySystemSenders), LocalParts.parse(daemonReturnPaths),
                Pattern.compile(noreplyPattern, Pattern.CASE_INSENSITIVE), HeaderTests.parse(autoresponderHeaders),
                ScreenSettings.csv(listHeaders), ScreenSettings.csv(bulkPrecedence),
                ScreenSettings.csv(complaintMarkerHeaders), ScreenSettings.subjects(readReceiptSubjects),
                ScreenSettings.subjects(autoReplySubjects), ScreenSettings.subjects(challengeSubjects),
                ScreenSettings.subjects(deliveryFailureSubjects));
        RequestScreen screen = new RequestScreen(screenSettings, policy,
                verifier == null ? InboundDkimVerifier.NONE : verifier);
        // Camel's RuntimeCamelException is a pure wrapper: the classifier looks through it to the failure inside.
        registry.bind("failures", new FailureClassifier(org.apache.camel.RuntimeCamelException.class));
        registry.bind("vanishedFiles", new VanishedFiles());
        registry.bind("intake", new RequestIntake(new RequestParser(senders, maxBytes, maxMimeDepth), screen, configHolder));

        SenderLimits senderLimits = new SenderLimits(dailyLimit, csv(exemptDomains), csv(blockedDomains),
                ZoneId.of(zone), clock);
        registry.bind("senderLimits", senderLimits);

        AttachmentNameRules nameRules = new AttachmentNameRules(csv(safeNameDomains),
                AttachmentNameRules.parseRenames(renames));
        registry.bind("attachmentStore", attachmentStore);
        registry.bind("composer", new AnswerComposer(attachmentStore, nameRules,
                from, fromName, complaintsAddress, List.copyOf(csv(adminAddresses)), adminSubjectTag, clock));

        registry.bind("dkimSigner", DkimSigning.signer(dkimKeyFile, dkimSignDomain, from, dkimSelector, dkimSignedHeaders,
                dkimSignProvider));
        registry.bind("deliveryMethods", new DeliveryMethods(deliveryMethod));
        StatsBuffer statsBuffer = new StatsBuffer();
        registry.bind("statsBuffer", statsBuffer);
        RequestOutcomes outcomes = new RequestOutcomes(meters, clock, statsBuffer, ZoneId.of(scheduleZone),
                new RequestedAddresses(a -> own.contains(a)
                        || configHolder.isLoaded() && configHolder.current().serves(a)));
        registry.bind("outcomes", outcomes);
        registry.bind("maildirFiles", new MaildirFiles(Path.of(maildir), maxBytes, outcomes, clock));
        bindLedger(camelContext, registry, dataSource, senderLimits, outcomes);
        // transports first: the stats mail takes the SES numbers from the SES client when SES is the transport
        bindTransports(camelContext, registry, meters, clock);
        configureOperations(camelContext, registry, dataSource, configHolder, meters, clock);
    }

    /**
     * The limit decisions and answer claims. The start-up check of unconfirmed claims runs as the context starts,
     * before any route takes a request (never from an admin command, whose context is not started); queued
     * hand-off confirmations are written when it stops, before the pool closes.
     */
    private void bindLedger(CamelContext camelContext, Registry registry, HikariDataSource dataSource,
                            SenderLimits senderLimits, RequestOutcomes outcomes) {
        String node = nodeId.isBlank() ? AnswerClaims.defaultNode(Path.of(maildir)) : nodeId.strip();
        DeliveryMethods methods = registry.lookupByNameAndType("deliveryMethods", DeliveryMethods.class);
        RecipientBounds bounds = new RecipientBounds(domainDailyCap, csv(sharedDomains), sharedDomainDailyCap,
                globalHourlyCap, forwardHourlyCap);
        registry.bind("requestLedger", new RequestLedger(dataSource, senderLimits, bounds,
                SendMethod.parse(deliveryMethod), node, Clock.systemUTC()));
        AnswerClaims claims = new AnswerClaims(dataSource, methods, node);
        registry.bind("answerClaims", claims);
        registry.bind("claimedAnswers", new ClaimedAnswers(
                registry.lookupByNameAndType("composer", AnswerComposer.class), claims));
        try {
            camelContext.addStartupListener((context, alreadyStarted) -> {
                if (!alreadyStarted) {
                    outcomes.claimsRecovered(claims.recover(Path.of(outbox)));
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException("cannot register the start-up check of answer claims", e);
        }
        closeOnStop(camelContext, claims::flush);
    }

    private void bindTransports(CamelContext camelContext, Registry registry, MeterRegistry meters, Clock clock) {
        if (registry.lookupByName("sesClient") == null) {
            SesClient ses = SesClients.build(sesRegion, sesEndpoint, sesAccessKey, sesSecretKey,
                    Duration.ofMillis(sesApiTimeout), sesConnections, Duration.ofMillis(sesConnectTimeout),
                    Duration.ofMillis(sesSocketTimeout));
            registry.bind("sesClient", ses);
            closeOnStop(camelContext, ses);
        }
        if (registry.lookupByName("sesSendStatistics") == null) {
            registry.bind("sesSendStatistics", new SesAccountStatistics(
                    registry.lookupByNameAndType("sesClient", SesClient.class)));
        }
        Duration quotaRefresh = Duration.ofMillis(org.apache.camel.util.TimeUtils.toMilliSeconds(sesQuotaRefreshPeriod));
        registry.bind("sesSendRate", new SesSendRate(
                SesSendRate.getSendQuota(registry.lookupByNameAndType("sesClient", SesClient.class),
                        Duration.ofMillis(sesQuotaTimeout)),
                SesSendRate.configured(sesMaxSendRate), sesFallbackSendRate, sesSendRateShare,
                () -> sesInUse(registry), quotaRefresh, meters));
        if (registry.lookupByName("transportMessages") == null) {
            registry.bind("transportMessages", new TransportMessages());
        }
        ReusingSmtpSender smtpSender = new ReusingSmtpSender(smtpProtocol, smtpHost, smtpPort, smtpUsername,
                smtpPassword, smtpTimeout);
        registry.bind("smtpSender", smtpSender);
        closeOnStop(camelContext, smtpSender);
        registry.bind("deliveryRejections", new DeliveryRejections(meters, clock));
        registry.bind("deliveryAlerts", new DeliveryAlertComposer(from, complaintsAddress,
                List.copyOf(csv(adminAddresses)), adminSubjectTag, clock));
        registry.bind("mailboxMessages", new MailboxMessages());
    }

    /** Whether any answer goes out by SES: the default method, or an entry of the config in force. */
    private boolean sesInUse(Registry registry) {
        if (SendMethod.parse(deliveryMethod) == SendMethod.SES) {
            return true;
        }
        ResponderConfigHolder holder = registry.lookupByNameAndType("configHolder", ResponderConfigHolder.class);
        if (holder == null || !holder.isLoaded()) {
            return false;
        }
        ResponderConfig config = holder.current();
        return config.addresses().stream().flatMap(a -> config.entriesFor(a).stream())
                .anyMatch(e -> e.sendMethod() == SendMethod.SES);
    }

    /** Daily jobs (Quartz), statistics, health and config metrics. */
    private void configureOperations(CamelContext camelContext, Registry registry, HikariDataSource dataSource,
                                     ResponderConfigHolder configHolder, MeterRegistry meters, Clock clock) {
        QuartzComponent quartz = new QuartzComponent(camelContext);
        quartz.setPrefixInstanceName(false);
        Map<String, Object> quartzProperties = new HashMap<>();
        QuartzSetup.properties(dbUrl, dataSource, clusterCheckin, misfireThreshold).forEach((k, v) -> quartzProperties.put((String) k, v));
        quartz.setProperties(quartzProperties);
        registry.bind("quartz", quartz);

        ZoneId zoneId = ZoneId.of(scheduleZone);
        registry.bind("housekeeping", new Housekeeping(clock, zoneId, retentionDays, statsRetentionDays));
        StatsRepository statsRepository = new StatsRepository(dataSource);
        registry.bind("statsRepository", statsRepository);
        registry.bind("statsFlusher", new StatsFlusher(
                registry.lookupByNameAndType("statsBuffer", StatsBuffer.class), statsRepository));
        // SES numbers only when SES is the transport and the SES code has bound its statistics source.
        SesSendStatistics ses = "ses".equalsIgnoreCase(deliveryMethod)
                ? registry.lookupByNameAndType("sesSendStatistics", SesSendStatistics.class) : null;
        registry.bind("statsMail", new StatsMail(statsRepository, from, complaintsAddress,
                List.copyOf(csv(statsRecipient)), ses, Duration.ofMillis(statsSesTimeout), clock, zoneId));
        Map<SendMethod, ReadinessProbe> transports = Map.of(
                SendMethod.OUTBOX, new OutboxProbe(Path.of(outbox), outboxMinFree),
                SendMethod.SMTP, TransportProbe.smtp(smtpProtocol, smtpHost, smtpPort, healthTransportTimeout),
                SendMethod.SES, TransportProbe.ses(sesRegion, sesEndpoint, healthTransportTimeout));
        registry.bind("responderReadiness", new ReadinessCheck(configHolder, dataSource,
                Duration.ofMillis(healthDbTimeout), SendMethod.parse(deliveryMethod), transports,
                Duration.ofMillis(healthTransportTimeout)));
    }

    private ConfigSource configSource(CamelContext camelContext) {
        if (S3Location.isS3(configLocation)) {
            return new S3ConfigSource(s3Client(camelContext), S3Location.parse(configLocation));
        }
        return new FileConfigSource(Path.of(configLocation));
    }

    private AttachmentStore attachmentStore(CamelContext camelContext, MeterRegistry meters) {
        switch (attachmentsSource.strip().toLowerCase(Locale.ROOT)) {
            case "local":
                return new LocalAttachmentStore(Path.of(bucketsDir));
            case "s3":
                Path dir = attachmentCacheDir.isBlank() ? Path.of(dataDir, "attachment-cache") : Path.of(attachmentCacheDir);
                try {
                    return new S3AttachmentCache(s3Client(camelContext), dir, attachmentCacheMaxBytes, meters);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot use attachment cache " + dir + ": " + e.getMessage(), e);
                }
            default:
                throw new IllegalArgumentException("responder.attachments.source must be local or s3, not "
                        + attachmentsSource);
        }
    }

    /** One S3 client for config and attachments, made only when something is in S3; closed with the context. */
    private S3Client s3Client(CamelContext camelContext) {
        if (s3Client == null) {
            s3Client = existing(camelContext.getRegistry(), "s3Client", S3Client.class).orElse(null);
        }
        if (s3Client == null) {
            S3Settings settings = new S3Settings(s3Region, s3Endpoint, s3PathStyle, s3AccessKey, s3SecretKey,
                    Duration.ofMillis(s3ApiCallTimeoutMs), Duration.ofMillis(s3ConnectTimeoutMs),
                    Duration.ofMillis(s3SocketTimeoutMs));
            S3Client client = S3Clients.create(settings);
            camelContext.getRegistry().bind("s3Client", client);
            closeOnStop(camelContext, client);
            s3Client = client;
        }
        return s3Client;
    }

    /**
     * Pools, clients and connections belong to the context that made them: they close when it stops, not when the
     * JVM exits (tests start many contexts in one JVM).
     */
    private static void closeOnStop(CamelContext camelContext, AutoCloseable resource) {
        try {
            camelContext.addService(new ServiceSupport() {
                @Override
                protected void doStop() throws Exception {
                    resource.close();
                }
            }, true, true);
        } catch (Exception e) {
            throw new IllegalStateException("cannot register " + resource.getClass().getSimpleName()
                    + " to close with the context", e);
        }
    }

    private static <T> java.util.Optional<T> existing(Registry registry, String name, Class<T> type) {
        return java.util.Optional.ofNullable(registry.lookupByNameAndType(name, type));
    }

    static Set<String> csv(String value) {
        if (value == null || value.isBlank()) {
            return Set.of();
        }
        return new LinkedHashSet<>(Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
    }
}
