package org.mailresponder.report;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.mailresponder.inbound.InboundRequest;
import org.mailresponder.inbound.MailAddresses;
import org.mailresponder.inbound.Outcome;
import org.mailresponder.ratelimit.AnswerClaims;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the {@link Outcome} of every request: one JSON log line (hashed sender only, never a body, a requested
 * address only when it is served) and the request metrics, labelled with {@link Outcome#code()}. A replay is its own outcome, so {@code answered} counts each
 * request once, and {@code responder.answers} counts mails actually handed off.
 */
public class RequestOutcomes {

    private static final Logger REQUESTS = LoggerFactory.getLogger("mail-responder.requests");
    private static final Logger LIMITS = LoggerFactory.getLogger("mail-responder.limits");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Domains whose cap was logged today, kept only up to this many (the counter still counts every refusal). */
    private static final int MAX_LOGGED_DOMAINS = 1000;


    private final MeterRegistry registry;
    private final Clock clock;
    private final StatsBuffer stats;
    private final ZoneId statsZone;
    private final RequestedAddresses requested;
    /** The UTC hour (epoch hours) in which this replica last saw the global cap refuse a request. */
    private final AtomicLong globalCapHour = new AtomicLong(-1);
    private final Set<String> domainCapsLogged = ConcurrentHashMap.newKeySet();
    private volatile LocalDate domainCapsDay;
    // Meters are looked up once per label and kept: a registry look-up per request builds an id and runs the meter
    // filters every time. Labels are bounded (outcome codes; served addresses, else "unknown").
    private final Map<String, Counter> requestsByOutcome = new ConcurrentHashMap<>();
    private final Map<String, Counter> answersByAddress = new ConcurrentHashMap<>();
    private final Timer processing;
    private final Counter rateLimitHits;
    private final Counter retries;
    private final Counter globalRefusals;
    private final Counter domainRefusals;

    /**
     * @param stats     where the cluster-wide daily counters are added up (null: metrics and log only)
     * @param requested how requested addresses are shown
     */
    public RequestOutcomes(MeterRegistry registry, Clock clock, StatsBuffer stats, ZoneId statsZone,
                           RequestedAddresses requested) {
        this.registry = registry;
        this.clock = clock;
        this.stats = stats;
        this.statsZone = statsZone;
        this.requested = requested;
        Gauge.builder("responder.limit.global.reached", () -> globalCapHour.get() == epochHour() ? 1 : 0)
                .description("1 while the cluster's hourly cap of answer mails refuses requests (seen by this replica)")
                .register(registry);
        processing = Timer.builder("responder.processing").description("Time from maildir pick-up to hand-off")
                .publishPercentileHistogram().register(registry);
        rateLimitHits = Counter.builder("responder.rate.limit.hits")
                .description("Requests refused by the daily per-sender limit").register(registry);
        retries = Counter.builder("responder.delivery.retries")
                .description("Retries of requests after an outage (database, disk, config, transport)")
                .register(registry);
        globalRefusals = Counter.builder("responder.limit.global.refusals")
                .description("Requests refused by the cluster's hourly cap of answer mails (alert on any)")
                .register(registry);
        domainRefusals = Counter.builder("responder.limit.domain.refusals")
                .description("Requests refused by a recipient domain's daily cap of answer mails")
                .register(registry);
    }

    /** Counts redeliveries the error handler made for one request (an outage retried with back-off). */
    public void retried(Integer redeliveries) {
        if (redeliveries != null && redeliveries > 0) {
            retries.increment(redeliveries);
        }
    }

    /** The start mark that {@link #record} measures processing time from. */
    public long start() {
        return System.nanoTime();
    }

    /** Counts one answer handed off for delivery. */
    public void answered(InboundRequest request) {
        answersByAddress.computeIfAbsent(requested.label(request.requestedAddress()), address -> Counter
                .builder("responder.answers").description("Answer mails handed off, by requested address")
                .tag("address", address).register(registry)).increment();
    }

    /** Exports what the start-up check found among this node's unconfirmed claims. */
    public void claimsRecovered(AnswerClaims.Recovery recovery) {
        claimsGauge("confirmed", recovery.confirmed());
        claimsGauge("released", recovery.released());
        claimsGauge("unverifiable", recovery.unverifiable());
    }

    private void claimsGauge(String result, int value) {
        Gauge.builder("responder.claims.unconfirmed", () -> value)
                .description("Answer claims the previous run left unconfirmed (crash between claim and hand-off), "
                        + "found at start-up: confirmed from the outbox, released to be sent again, or unverifiable")
                .tag("result", result).register(registry);
    }

    /**
     * @param request     the parsed request, or null when it could not be parsed
     * @param outcome     what became of it (null is logged as {@code unknown})
     * @param detail      why, for rejections and failures (never contains the sender address)
     * @param startNanos  {@link System#nanoTime()} when processing began
     */
    public void record(InboundRequest request, Outcome outcome, String detail, long startNanos) {
        long nanos = System.nanoTime() - startNanos;
        String code = outcome == null ? "unknown" : outcome.code();
        String label = request == null ? "-" : requested.label(request.requestedAddress());
        requestsByOutcome.computeIfAbsent(code, c -> Counter.builder("responder.requests")
                .description("Requests by outcome").tag("outcome", c).register(registry)).increment();
        processing.record(nanos, TimeUnit.NANOSECONDS);
        if (outcome == Outcome.RATE_LIMITED) {
            rateLimitHits.increment();
        } else if (outcome == Outcome.GLOBAL_CAPPED) {
            globalCapReached(detail);
        } else if (outcome == Outcome.DOMAIN_CAPPED) {
            domainCapReached(detail);
        }
        if (stats != null) {
            LocalDate day = LocalDate.ofInstant(clock.instant(), statsZone);
            stats.request(day, label, code, nanos);
            if (outcome == Outcome.RATE_LIMITED && request != null) {
                stats.rateLimited(day, request.senderHash());
            }
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("ts", clock.instant().toString());
        line.put("event", "request");
        line.put("outcome", code);
        if (detail != null) {
            line.put("reason", redact(detail));
        }
        line.put("requested", label);
        line.put("sender", request == null ? "-" : request.shortSenderHash());
        line.put("request", request == null ? "-" : request.requestId().substring(0, 16));
        line.put("ms", Math.round(nanos / 1e5) / 10.0);
        try {
            REQUESTS.info(JSON.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            REQUESTS.info("{\"event\":\"request\",\"outcome\":\"{}\"}", code);
        }
    }

    /** The alert: a counter, a gauge for the hour, and one ERROR line per hour and replica. */
    private void globalCapReached(String detail) {
        globalRefusals.increment();
        long hour = epochHour();
        long before = globalCapHour.getAndSet(hour);
        if (before != hour) {
            LIMITS.error("{}: requests are refused until the hour ends. Traffic far above normal (a forgery "
                    + "campaign, a loop, or a real surge): check the request log, and raise "
                    + "responder.rate-limit.global-hourly-cap only if the traffic is real.", detail);
        }
    }

    private void domainCapReached(String detail) {
        domainRefusals.increment();
        LocalDate today = LocalDate.now(clock.withZone(statsZone));
        if (!today.equals(domainCapsDay)) {
            domainCapsLogged.clear();
            domainCapsDay = today;
        }
        if (detail != null && domainCapsLogged.size() < MAX_LOGGED_DOMAINS && domainCapsLogged.add(detail)) {
            LIMITS.warn("{}: further requests for that domain are refused until the day ends (forged senders, or "
                    + "a domain that needs responder.rate-limit.shared-domains)", detail);
        }
    }

    private long epochHour() {
        return clock.instant().truncatedTo(ChronoUnit.HOURS).atOffset(ZoneOffset.UTC).toEpochSecond() / 3600;
    }

    /** {@link MailAddresses#redact}, for the report's callers. */
    public static String redact(String text) {
        return MailAddresses.redact(text);
    }
}
