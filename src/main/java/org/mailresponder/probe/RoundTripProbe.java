package org.mailresponder.probe;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import org.mailresponder.compose.AnswerBody;
import org.mailresponder.compose.OutgoingMail;
import org.mailresponder.config.SendMethod;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The round-trip probe: a real request, sent through the production transport from a probe mailbox to a served
 * address, whose answer must arrive back in that mailbox within {@code timeout}. It proves the whole chain an
 * outsider depends on (DNS/MX, the MTA, the maildir, the service, the answer's transport, deliverability), which no
 * health check inside the service can. Each request carries a random Message-ID; an answer is matched by its
 * In-Reply-To. Metrics: {@code responder.probe.runs{result}}, {@code responder.probe.up} (1 when the last probe was
 * answered, 0 when it failed), {@code responder.probe.latency} (send to arrival in the probe mailbox) and
 * {@code responder.probe.last-success}. Log lines name no address.
 */
public class RoundTripProbe {

    private static final Logger LOG = LoggerFactory.getLogger("mail-responder.probe");

    private final String probeMailbox;
    private final String target;
    private final Duration timeout;
    private final SendMethod sendMethod;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /** Message-ID of each request sent and not yet answered, to the time it was handed to the transport. */
    private final Map<String, Instant> outstanding = new ConcurrentHashMap<>();
    private final AtomicLong up = new AtomicLong(-1);
    private final AtomicLong lastSuccess = new AtomicLong();
    private final Counter successes;
    private final Counter failures;
    private final Timer latency;

    public RoundTripProbe(String probeMailbox, String target, Duration timeout, SendMethod sendMethod,
                          MeterRegistry meters, Clock clock) {
        this.probeMailbox = probeMailbox;
        this.target = target;
        this.timeout = timeout;
        this.sendMethod = sendMethod;
        this.clock = clock;
        successes = Counter.builder("responder.probe.runs").tag("result", "success")
                .description("Round-trip probes answered in time").register(meters);
        failures = Counter.builder("responder.probe.runs").tag("result", "failure")
                .description("Round-trip probes not answered in time, or not sent").register(meters);
        latency = Timer.builder("responder.probe.latency")
                .description("From handing the probe request to the transport to its answer in the probe mailbox")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(100))
                .maximumExpectedValue(timeout.multipliedBy(2)).register(meters);
        Gauge.builder("responder.probe.up", up, AtomicLong::get)
                .description("1 when the last round-trip probe was answered in time, 0 when not, -1 before the first")
                .register(meters);
        Gauge.builder("responder.probe.last-success", lastSuccess, AtomicLong::get)
                .description("Epoch second of the last answered round-trip probe").register(meters);
    }

    /** A new probe request from the probe mailbox to the served address, remembered until answered or overdue. */
    public OutgoingMail nextRequest() {
        byte[] nonce = new byte[12];
        random.nextBytes(nonce);
        String id = HexFormat.of().formatHex(nonce);
        String messageId = "<probe." + id + "@" + domain(probeMailbox) + ">";
        String headers = "From: " + probeMailbox + "\r\n"
                + "To: " + target + "\r\n"
                + "Subject: mail-responder round-trip probe " + id + "\r\n"
                + "Message-ID: " + messageId + "\r\n"
                + "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(clock)) + "\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=US-ASCII\r\n"
                + "Content-Transfer-Encoding: 7bit\r\n";
        byte[] body = ("Automated round-trip probe of the mail responder (" + id + ").\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        outstanding.put(messageId, clock.instant());
        return OutgoingMail.of(OutgoingMail.Kind.PROBE, "probe-request-" + id, probeMailbox, List.of(target), headers,
                new AnswerBody("text/plain; charset=US-ASCII", body), sendMethod);
    }

    /** The transport refused or failed the request just made: that probe has failed. */
    public void sendFailed(OutgoingMail request, String reason) {
        String messageId = messageId(request);
        if (messageId != null && outstanding.remove(messageId) != null) {
            fail("round-trip probe could not be sent: " + reason);
        }
    }

    /**
     * A mail arrived in the probe mailbox. An answer to an outstanding probe completes it; anything else (a second
     * answer of the same request, an answer to a probe already given up on) only counts in the log.
     *
     * @return whether it completed a probe
     */
    public boolean arrived(Part mail) throws MessagingException {
        String[] inReplyTo = mail.getHeader("In-Reply-To");
        if (inReplyTo == null) {
            return false;
        }
        for (String id : inReplyTo) {
            Instant sent = outstanding.remove(id.strip());
            if (sent != null) {
                Duration took = Duration.between(sent, clock.instant());
                latency.record(took.toMillis(), TimeUnit.MILLISECONDS);
                successes.increment();
                up.set(1);
                lastSuccess.set(clock.instant().getEpochSecond());
                LOG.info("Round-trip probe answered in {} ms", took.toMillis());
                return true;
            }
        }
        return false;
    }

    /** Probes sent longer than {@code timeout} ago without an answer have failed. */
    public int expireOverdue() {
        Instant limit = clock.instant().minus(timeout);
        List<Instant> overdue = new ArrayList<>();
        for (Iterator<Map.Entry<String, Instant>> it = outstanding.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Instant> e = it.next();
            if (e.getValue().isBefore(limit)) {
                it.remove();
                overdue.add(e.getValue());
            }
        }
        for (Instant sent : overdue) {
            fail("round-trip probe sent at " + sent + " got no answer within " + timeout.toSeconds() + " s "
                    + "(responder.probe.timeout)");
        }
        return overdue.size();
    }

    public int outstanding() {
        return outstanding.size();
    }

    private void fail(String why) {
        failures.increment();
        up.set(0);
        LOG.warn(why);
    }

    private static String messageId(OutgoingMail mail) {
        for (String line : mail.headers().split("\r\n")) {
            if (line.regionMatches(true, 0, "Message-ID:", 0, 11)) {
                return line.substring(11).strip();
            }
        }
        return null;
    }

    private static String domain(String address) {
        int at = address.lastIndexOf('@');
        return at < 0 ? "localhost" : address.substring(at + 1);
    }
}
