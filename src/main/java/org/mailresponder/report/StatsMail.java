package org.mailresponder.report;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.mailresponder.compose.InlineImage;
import org.mailresponder.compose.OutgoingMail;
import org.mailresponder.compose.ReportComposer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily stats mail: plain text and HTML alternatives, the HTML with the 14-day chart as an inline PNG, composed
 * by the answers' builders ({@link ReportComposer}). It is an {@link OutgoingMail} like an answer, so it is signed
 * and delivered by the same routes, and its id is derived from the day, so the send-once claim lets it go out once
 * per day however many replicas or misfires run the job.
 */
public class StatsMail {

    private static final Logger LOG = LoggerFactory.getLogger(StatsMail.class);
    static final String CHART_CID = "chart14d@mail-responder";

    private final StatsRepository repository;
    private final ReportComposer composer;
    private final List<String> recipients;
    private final SesSendStatistics ses;
    private final Duration sesTimeout;
    private final Clock clock;
    private final ZoneId zone;

    /** @param ses SES numbers to include, or null when SES is not the transport */
    public StatsMail(StatsRepository repository, String from, String envelopeFrom, List<String> recipients,
                     SesSendStatistics ses, Duration sesTimeout, Clock clock, ZoneId zone) {
        this.repository = repository;
        this.composer = new ReportComposer(from, "mail-responder", envelopeFrom);
        this.recipients = recipients;
        this.ses = ses;
        this.sesTimeout = sesTimeout;
        this.clock = clock;
        this.zone = zone;
    }

    /** The day the daily mail reports on: yesterday in the schedule's time zone. */
    public LocalDate yesterday() {
        return LocalDate.now(clock.withZone(zone)).minusDays(1);
    }

    public boolean hasRecipients() {
        return !recipients.isEmpty();
    }

    public Optional<SesSendStatistics.Quota> sesQuota() {
        if (ses == null) {
            return Optional.empty();
        }
        try {
            return ses.fetch(sesTimeout);
        } catch (RuntimeException e) {
            LOG.warn("SES send statistics unavailable, the stats mail goes without them: {}",
                    RequestOutcomes.redact(e.getMessage()));
            return Optional.empty();
        }
    }

    public OutgoingMail compose(LocalDate day) throws Exception {
        DailyStats stats = repository.report(day);
        Optional<SesSendStatistics.Quota> quota = sesQuota();
        return composer.compose(OutgoingMail.Kind.STATS, mailId(day), recipients, StatsReportText.subject(stats),
                ZonedDateTime.now(clock.withZone(zone)), StatsReportText.plain(stats, quota),
                StatsReportText.html(stats, quota, CHART_CID), new InlineImage(CHART_CID, "image/png",
                        "requests-14-days.png", StatsChart.png(stats.history(), 720, 320)));
    }

    /** The send-once key of the day's mail (a 64-hex id like a request's). */
    static String mailId(LocalDate day) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(("stats-mail:" + day).getBytes(StandardCharsets.US_ASCII)));
    }
}
