package org.mailresponder.config;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
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
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.spi.Registry;
import org.mailresponder.compose.AnswerComposer;
import org.mailresponder.compose.AttachmentNameRules;
import org.mailresponder.compose.DeliveryMethods;
import org.mailresponder.compose.LocalAttachmentStore;
import org.mailresponder.dkim.AnswerSigner;
import org.mailresponder.inbound.DkimPolicy;
import org.mailresponder.inbound.InboundDkimVerifier;
import org.mailresponder.inbound.RequestIntake;
import org.mailresponder.inbound.RequestParser;
import org.mailresponder.inbound.RequestScreen;
import org.mailresponder.ratelimit.SenderIdentity;
import org.mailresponder.ratelimit.SenderLimits;
import org.mailresponder.report.ConfigMetrics;
import org.mailresponder.report.Housekeeping;
import org.mailresponder.report.ReadinessCheck;
import org.mailresponder.report.RequestOutcomes;
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
    // Operations (issue 4): schedules, statistics, health
    @PropertyInject(value = "responder.schedule.zone", defaultValue = "UTC") String scheduleZone;
    @PropertyInject(value = "responder.schedule.cluster-checkin", defaultValue = "7500") long clusterCheckin;
    @PropertyInject(value = "responder.retention.days", defaultValue = "7") int retentionDays;
    @PropertyInject(value = "responder.stats.retention-days", defaultValue = "400") int statsRetentionDays;
    @PropertyInject(value = "responder.stats.recipient", defaultValue = "") String statsRecipient;
    @PropertyInject(value = "responder.stats.ses-timeout", defaultValue = "3000") long statsSesTimeout;
    @PropertyInject(value = "responder.health.db-timeout", defaultValue = "2000") long healthDbTimeout;

    @Override
    public void configure(CamelContext camelContext) {
        Registry registry = camelContext.getRegistry();
        Clock clock = Clock.systemUTC();

        HikariDataSource dataSource = DatabaseSetup.dataSource(dbUrl, dbUser, dbPassword, dbPoolSize);
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
        StatsBuffer statsBuffer = new StatsBuffer();
        registry.bind("statsBuffer", statsBuffer);
        registry.bind("outcomes", new RequestOutcomes(meters, clock, statsBuffer, ZoneId.of(scheduleZone)));
        configureOperations(camelContext, registry, dataSource, configHolder, meters, clock);
    }

    /** Daily jobs (Quartz), statistics, health and config metrics. */
    private void configureOperations(CamelContext camelContext, Registry registry, HikariDataSource dataSource,
                                     ResponderConfigHolder configHolder, MeterRegistry meters, Clock clock) {
        QuartzComponent quartz = new QuartzComponent(camelContext);
        quartz.setPrefixInstanceName(false);
        Map<String, Object> quartzProperties = new HashMap<>();
        QuartzSetup.properties(dbUrl, dataSource, clusterCheckin).forEach((k, v) -> quartzProperties.put((String) k, v));
        quartz.setProperties(quartzProperties);
        registry.bind("quartz", quartz);

        ZoneId zoneId = ZoneId.of(scheduleZone);
        registry.bind("housekeeping", new Housekeeping(clock, zoneId, retentionDays, statsRetentionDays));
        StatsRepository statsRepository = new StatsRepository(dataSource);
        registry.bind("statsRepository", statsRepository);
        // SES numbers only when SES is the transport and the SES code has bound its statistics source.
        SesSendStatistics ses = "ses".equalsIgnoreCase(deliveryMethod)
                ? registry.lookupByNameAndType("sesSendStatistics", SesSendStatistics.class) : null;
        registry.bind("statsMail", new StatsMail(statsRepository, from, complaintsAddress,
                List.copyOf(csv(statsRecipient)), ses, Duration.ofMillis(statsSesTimeout), clock, zoneId));
        registry.bind("configMetrics", new ConfigMetrics(meters, configHolder, clock));
        registry.bind("responderReadiness", new ReadinessCheck(configHolder, dataSource,
                Duration.ofMillis(healthDbTimeout)));
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
