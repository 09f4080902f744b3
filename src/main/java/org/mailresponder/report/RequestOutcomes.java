package org.mailresponder.report;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.mailresponder.inbound.InboundRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the outcome of every request: one JSON log line (hashed sender only, never a body) and the request
 * metrics. Outcomes are {@code answered}, {@code rate-limited}, {@code blocked}, {@code failed} or a screen reason.
 */
public class RequestOutcomes {

    private static final Logger REQUESTS = LoggerFactory.getLogger("mail-responder.requests");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final java.util.regex.Pattern ADDRESS_LIKE =
            java.util.regex.Pattern.compile("[^\\s<>\"'(),;:]+@[^\\s<>\"'(),;:]+");

    private final MeterRegistry registry;
    private final Clock clock;
    private final StatsBuffer stats;
    private final java.time.ZoneId statsZone;

    public RequestOutcomes(MeterRegistry registry, Clock clock) {
        this(registry, clock, null, java.time.ZoneOffset.UTC);
    }

    /** @param stats where the cluster-wide daily counters are added up (null: metrics and log only) */
    public RequestOutcomes(MeterRegistry registry, Clock clock, StatsBuffer stats, java.time.ZoneId statsZone) {
        this.registry = registry;
        this.clock = clock;
        this.stats = stats;
        this.statsZone = statsZone;
    }

    /** Counts redeliveries the error handler made for one request (an outage retried with back-off). */
    public void retried(Integer redeliveries) {
        if (redeliveries != null && redeliveries > 0) {
            Counter.builder("responder.delivery.retries")
                    .description("Retries of requests after an outage (database, disk, config, transport)")
                    .register(registry).increment(redeliveries);
        }
    }

    /** The start mark that {@link #record} measures processing time from. */
    public long start() {
        return System.nanoTime();
    }

    /** Counts one answer handed off for delivery. */
    public void answered(InboundRequest request) {
        Counter.builder("responder.answers").description("Answers sent by requested address")
                .tag("address", request.requestedAddress()).register(registry).increment();
    }

    /**
     * @param request     the parsed request, or null when it could not be parsed
     * @param outcome     outcome code
     * @param detail      why, for rejections and failures (never contains the sender address)
     * @param startNanos  {@link System#nanoTime()} when processing began
     */
    public void record(InboundRequest request, String outcome, String detail, long startNanos) {
        long nanos = System.nanoTime() - startNanos;
        String requested = request == null ? "-" : request.requestedAddress();
        Counter.builder("responder.requests").description("Requests by outcome")
                .tag("outcome", outcome).register(registry).increment();
        Timer.builder("responder.processing").description("Time from maildir pick-up to hand-off")
                .publishPercentileHistogram().register(registry).record(nanos, TimeUnit.NANOSECONDS);
        if ("rate-limited".equals(outcome)) {
            Counter.builder("responder.rate.limit.hits").description("Requests refused by the daily per-sender limit")
                    .register(registry).increment();
        }
        if (stats != null) {
            java.time.LocalDate day = java.time.LocalDate.ofInstant(clock.instant(), statsZone);
            stats.request(day, requested, outcome, nanos);
            if ("rate-limited".equals(outcome) && request != null) {
                stats.rateLimited(day, request.senderHash());
            }
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("ts", clock.instant().toString());
        line.put("event", "request");
        line.put("outcome", outcome);
        if (detail != null) {
            line.put("reason", redact(detail));
        }
        line.put("requested", requested);
        line.put("sender", request == null ? "-" : request.shortSenderHash());
        line.put("request", request == null ? "-" : request.requestId().substring(0, 16));
        line.put("ms", Math.round(nanos / 1e5) / 10.0);
        try {
            REQUESTS.info(JSON.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            REQUESTS.info("{\"event\":\"request\",\"outcome\":\"{}\"}", outcome);
        }
    }

    /** Exception texts can quote header values; nothing shaped like an address leaves through a log line. */
    public static String redact(String text) {
        return text == null ? null : ADDRESS_LIKE.matcher(text).replaceAll("<address>");
    }
}
