package org.mailresponder.report;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import jakarta.activation.DataHandler;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import org.mailresponder.compose.AnswerBody;
import org.mailresponder.compose.OutgoingMail;
import org.mailresponder.config.SendMethod;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily stats mail: plain text and HTML alternatives, the HTML with the 14-day chart as an inline PNG. It is an
 * {@link OutgoingMail} like an answer, so it is signed and delivered by the same routes, and its id is derived from
 * the day, so the send-once claim lets it go out once per day however many replicas or misfires run the job.
 */
public class StatsMail {

    private static final Logger LOG = LoggerFactory.getLogger(StatsMail.class);
    static final String CHART_CID = "chart14d@mail-responder";

    private final StatsRepository repository;
    private final String from;
    private final String envelopeFrom;
    private final List<String> recipients;
    private final SesSendStatistics ses;
    private final Duration sesTimeout;
    private final Clock clock;
    private final ZoneId zone;

    /** @param ses SES numbers to include, or null when SES is not the transport */
    public StatsMail(StatsRepository repository, String from, String envelopeFrom, List<String> recipients,
                     SesSendStatistics ses, Duration sesTimeout, Clock clock, ZoneId zone) {
        this.repository = repository;
        this.from = from;
        this.envelopeFrom = envelopeFrom;
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

        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setFrom(new InternetAddress(from, "mail-responder"));
        for (String r : recipients) {
            m.addRecipient(MimeMessage.RecipientType.TO, new InternetAddress(r));
        }
        m.setSubject(StatsReportText.subject(stats), "UTF-8");
        m.setSentDate(java.util.Date.from(clock.instant()));
        m.setHeader("Auto-Submitted", "auto-generated");

        MimeBodyPart text = new MimeBodyPart();
        text.setText(StatsReportText.plain(stats, quota), "UTF-8");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(StatsReportText.html(stats, quota, CHART_CID), "UTF-8", "html");
        MimeBodyPart chart = new MimeBodyPart();
        chart.setDataHandler(new DataHandler(new ByteArrayDataSource(StatsChart.png(stats.history(), 720, 320),
                "image/png")));
        chart.setContentID("<" + CHART_CID + ">");
        chart.setDisposition(MimeBodyPart.INLINE);
        chart.setFileName("requests-14-days.png");
        MimeMultipart related = new MimeMultipart("related");
        related.addBodyPart(html);
        related.addBodyPart(chart);
        MimeBodyPart relatedPart = new MimeBodyPart();
        relatedPart.setContent(related);
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(text);
        alternative.addBodyPart(relatedPart);
        m.setContent(alternative);
        m.saveChanges();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.writeTo(out);
        byte[] bytes = out.toByteArray();
        int split = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        String headers = new String(bytes, 0, split + 2, StandardCharsets.US_ASCII);
        byte[] body = java.util.Arrays.copyOfRange(bytes, split + 4, bytes.length);
        return OutgoingMail.of(OutgoingMail.Kind.STATS, mailId(day), envelopeFrom, recipients, headers,
                new AnswerBody(m.getContentType(), body), SendMethod.DEFAULT);
    }

    /** The send-once key of the day's mail (a 64-hex id like a request's). */
    static String mailId(LocalDate day) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(("stats-mail:" + day).getBytes(StandardCharsets.US_ASCII)));
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("no header/body separator");
    }
}
