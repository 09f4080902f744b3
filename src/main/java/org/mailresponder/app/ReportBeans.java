package org.mailresponder.app;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.spi.Registry;
import org.mailresponder.camel.ReadinessCheck;
import org.mailresponder.config.CommaList;
import org.mailresponder.config.ResponderConfigHolder;
import org.mailresponder.config.SendMethod;
import org.mailresponder.report.ConfigMetrics;
import org.mailresponder.report.Housekeeping;
import org.mailresponder.report.OutboxProbe;
import org.mailresponder.report.ReadinessProbe;
import org.mailresponder.report.RequestOutcomes;
import org.mailresponder.report.RequestedAddresses;
import org.mailresponder.report.SesSendStatistics;
import org.mailresponder.report.StatsBuffer;
import org.mailresponder.report.StatsFlusher;
import org.mailresponder.report.StatsMail;
import org.mailresponder.report.StatsRepository;
import org.mailresponder.report.TransportProbe;

/** Metrics, statistics, the daily jobs' scheduler and the readiness check. */
public class ReportBeans {

    /** Records the first load of the config, so a bad one shows in the metrics from the start. */
    @BindToRegistry("configMetrics")
    public ConfigMetrics configMetrics(MeterRegistry meters, ResponderConfigHolder configHolder) {
        ConfigMetrics metrics = new ConfigMetrics(meters, configHolder, Clock.systemUTC());
        metrics.record(configHolder.refresh());
        return metrics;
    }

    @BindToRegistry("statsBuffer")
    public StatsBuffer statsBuffer() {
        return new StatsBuffer();
    }

    @BindToRegistry("outcomes")
    public RequestOutcomes outcomes(MeterRegistry meters, StatsBuffer statsBuffer, ResponderConfigHolder configHolder,
                                    @PropertyInject("responder.from") String from,
                                    @PropertyInject("responder.complaints-address") String complaintsAddress,
                                    @PropertyInject("responder.schedule.zone") String zone) {
        Set<String> own = Set.of(from, complaintsAddress);
        return new RequestOutcomes(meters, Clock.systemUTC(), statsBuffer, ZoneId.of(zone.strip()),
                new RequestedAddresses(a -> own.contains(a)
                        || configHolder.isLoaded() && configHolder.current().serves(a)));
    }

    @BindToRegistry("housekeeping")
    public Housekeeping housekeeping(@PropertyInject("responder.schedule.zone") String zone,
                                     @PropertyInject("responder.retention.days") int retentionDays,
                                     @PropertyInject("responder.stats.retention-days") int statsRetentionDays) {
        return new Housekeeping(Clock.systemUTC(), ZoneId.of(zone.strip()), retentionDays, statsRetentionDays);
    }

    @BindToRegistry("statsRepository")
    public StatsRepository statsRepository(DataSource dataSource) {
        return new StatsRepository(dataSource);
    }

    @BindToRegistry("statsFlusher")
    public StatsFlusher statsFlusher(StatsBuffer statsBuffer, StatsRepository statsRepository) {
        return new StatsFlusher(statsBuffer, statsRepository);
    }

    /** With SES numbers only when SES is the transport. */
    @BindToRegistry("statsMail")
    public StatsMail statsMail(Registry registry, StatsRepository statsRepository,
                               @PropertyInject("responder.delivery.method") String deliveryMethod,
                               @PropertyInject("responder.from") String from,
                               @PropertyInject("responder.complaints-address") String complaintsAddress,
                               @PropertyInject("responder.stats.recipient") String recipients,
                               @PropertyInject("responder.stats.ses-timeout") long sesTimeout,
                               @PropertyInject("responder.schedule.zone") String zone) {
        SesSendStatistics ses = SendMethod.parse(deliveryMethod) == SendMethod.SES
                ? registry.lookupByNameAndType("sesSendStatistics", SesSendStatistics.class) : null;
        return new StatsMail(statsRepository, from, complaintsAddress, List.copyOf(CommaList.parse(recipients)), ses,
                Duration.ofMillis(sesTimeout), Clock.systemUTC(), ZoneId.of(zone.strip()));
    }

    /** The config, the database, and the transports the config uses. */
    @BindToRegistry("responderReadiness")
    public ReadinessCheck responderReadiness(DataSource dataSource, ResponderConfigHolder configHolder,
                                             @PropertyInject("responder.delivery.method") String deliveryMethod,
                                             @PropertyInject("responder.outbox") String outbox,
                                             @PropertyInject("responder.health.db-timeout") long dbTimeout,
                                             @PropertyInject("responder.health.transport-timeout") long transportTimeout,
                                             @PropertyInject("responder.health.outbox-min-free-bytes") long outboxMinFree,
                                             @PropertyInject("responder.smtp.protocol") String smtpProtocol,
                                             @PropertyInject("responder.smtp.host") String smtpHost,
                                             @PropertyInject("responder.smtp.port") int smtpPort,
                                             @PropertyInject("responder.ses.region") String sesRegion,
                                             @PropertyInject("responder.ses.endpoint") String sesEndpoint) {
        Map<SendMethod, ReadinessProbe> transports = Map.of(
                SendMethod.OUTBOX, new OutboxProbe(Path.of(outbox), outboxMinFree),
                SendMethod.SMTP, TransportProbe.smtp(smtpProtocol, smtpHost, smtpPort, transportTimeout),
                SendMethod.SES, TransportProbe.ses(sesRegion, sesEndpoint, transportTimeout));
        return new ReadinessCheck(configHolder, dataSource, Duration.ofMillis(dbTimeout),
                SendMethod.parse(deliveryMethod), transports, Duration.ofMillis(transportTimeout));
    }

    /** Daily jobs: clustered on MySQL/MariaDB (once in the whole cluster), in memory on H2. */
    @BindToRegistry("quartz")
    public QuartzComponent quartz(CamelContext camelContext, DataSource dataSource,
                                  @PropertyInject("responder.db.url") String dbUrl,
                                  @PropertyInject("responder.schedule.cluster-checkin") long clusterCheckin,
                                  @PropertyInject("responder.schedule.misfire-threshold") long misfireThreshold) {
        QuartzComponent quartz = new QuartzComponent(camelContext);
        quartz.setPrefixInstanceName(false);
        Map<String, Object> properties = new HashMap<>();
        QuartzSetup.properties(dbUrl, dataSource, clusterCheckin, misfireThreshold)
                .forEach((k, v) -> properties.put((String) k, v));
        quartz.setProperties(properties);
        return quartz;
    }
}
