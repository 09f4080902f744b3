package org.mailresponder.delivery;

import java.time.Duration;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ses.SesClient;
import software.amazon.awssdk.services.ses.model.GetSendQuotaRequest;

/**
 * Paces this replica's SES sends to the account's maximum send rate, so a burst of requests is spread out instead
 * of earning throttling errors. The rate is SES's {@code MaxSendRate} (GetSendQuota, re-read every
 * {@code responder.ses.quota-refresh-period}) or a configured rate, times this replica's share of the account.
 * Until SES has answered — and whenever it cannot be asked — the fallback rate applies.
 *
 * <p>One token bucket (Bucket4j) of capacity one is shared by every worker thread, and a send takes its token only
 * when one is there at that moment (no reservation ahead, which a late wake-up would turn into two sends close
 * together): sends leave at least 1/rate apart, never in bursts. The rate used is {@link #HEADROOM} of the
 * replica's share, so that the delays by which network and scheduling hold one request back more than the next
 * never put more than the rate into one second as SES counts it.
 */
public class SesSendRate {

    /** How long one send may wait for its turn before the request is left for a later scan instead. */
    static final Duration MAX_WAIT = Duration.ofSeconds(30);
    /**
     * The part of the permitted rate that is used. Sends leave at least 1/(0.8 rate) apart, so rate + 1 sends span
     * 1.25 s: a quarter of a second by which scheduling (a busy node, a CPU-throttled pod) and the network delay
     * one request more than the next still never puts more than the rate into one second as SES counts it.
     */
    static final double HEADROOM = 0.8;
    /** After a failed read, SES is asked again this much later (the timer ticks more often than that). */
    static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(SesSendRate.class);

    /** Where the account's maximum send rate comes from: GetSendQuota, bounded by a timeout. */
    public interface QuotaSource {
        /** The account's MaxSendRate, or empty when SES did not answer (the reason is logged by the caller). */
        OptionalDouble maxSendRate() throws Exception;
    }

    private final QuotaSource quota;
    private final OptionalDouble configuredRate;
    private final double fallbackRate;
    private final double share;
    private final BooleanSupplier sesInUse;
    private final Duration refreshPeriod;
    private final Bucket bucket;
    private volatile double accountRate;
    private volatile String source;
    private volatile double perSecond;
    private volatile boolean quotaFailing;
    private volatile boolean announced;
    private volatile long lastAttemptNanos;
    private volatile boolean asked;

    /**
     * @param configuredRate the operator's fixed account rate (SES is then never asked), or empty to ask SES
     * @param fallbackRate   the account rate assumed until SES answers, or while it cannot be asked
     * @param share          the part of the account's rate this replica may use, in (0, 1]
     * @param sesInUse       whether any answer goes out by SES; SES is not asked while none does
     * @param refreshPeriod  how long a rate read from SES is used before SES is asked again
     */
    public SesSendRate(QuotaSource quota, OptionalDouble configuredRate, double fallbackRate, double share,
                       BooleanSupplier sesInUse, Duration refreshPeriod, MeterRegistry meters) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("responder.ses.send-rate-share must be above 0 and at most 1, not "
                    + share);
        }
        if (!(fallbackRate > 0)) {
            throw new IllegalArgumentException("responder.ses.fallback-send-rate must be above 0, not " + fallbackRate);
        }
        if (configuredRate.isPresent() && !(configuredRate.getAsDouble() > 0)) {
            throw new IllegalArgumentException("responder.ses.max-send-rate must be above 0 (or empty to ask SES), not "
                    + configuredRate.getAsDouble());
        }
        this.quota = quota;
        this.configuredRate = configuredRate;
        this.fallbackRate = fallbackRate;
        this.share = share;
        this.sesInUse = sesInUse;
        this.refreshPeriod = refreshPeriod;
        this.accountRate = configuredRate.orElse(fallbackRate);
        this.source = configuredRate.isPresent() ? "responder.ses.max-send-rate" : "responder.ses.fallback-send-rate";
        this.perSecond = accountRate * share * HEADROOM;
        this.bucket = Bucket.builder().withNanosecondPrecision().addLimit(limit(perSecond)).build();
        Gauge.builder("responder.ses.send-rate", this, SesSendRate::permitsPerSecond)
                .description("SES sends per second this replica paces itself to").register(meters);
    }

    /** The account's MaxSendRate from SES's GetSendQuota, the call bounded by {@code timeout}. */
    public static QuotaSource getSendQuota(SesClient ses, Duration timeout) {
        return () -> {
            Double max = ses.getSendQuota(GetSendQuotaRequest.builder()
                    .overrideConfiguration(c -> c.apiCallTimeout(timeout).apiCallAttemptTimeout(timeout)).build())
                    .maxSendRate();
            return max == null ? OptionalDouble.empty() : OptionalDouble.of(max);
        };
    }

    /** Parses {@code responder.ses.max-send-rate}: empty means "ask SES". */
    public static OptionalDouble configured(String value) {
        if (value == null || value.isBlank()) {
            return OptionalDouble.empty();
        }
        try {
            return OptionalDouble.of(Double.parseDouble(value.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("responder.ses.max-send-rate must be a number of sends per second or "
                    + "empty, not '" + value + "'");
        }
    }

    /** Waits until this replica may hand one more mail to SES. */
    public void acquire() {
        long deadline = System.nanoTime() + MAX_WAIT.toNanos();
        while (true) {
            ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
            if (probe.isConsumed()) {
                return;
            }
            long wait = probe.getNanosToWaitForRefill();
            if (System.nanoTime() + wait > deadline) {
                throw new TransientDeliveryException(String.format(Locale.ROOT, "no SES send slot within %d s at %.2f "
                        + "sends/s; the request waits for a later scan", MAX_WAIT.toSeconds(), perSecond), null);
            }
            LockSupport.parkNanos(this, wait);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new TransientDeliveryException("interrupted while waiting for an SES send slot", null);
            }
        }
    }

    /**
     * Re-reads the account's maximum send rate from SES when it is due (the {@code ses-send-quota} timer ticks
     * often; SES is asked at the first tick, then every refresh period, and 30 s after a failed read). Nothing is
     * asked while no answer goes out by SES, or when the operator configured the rate. A failure keeps the rate in
     * force.
     */
    public void refresh() {
        if (!sesInUse.getAsBoolean()) {
            return;
        }
        if (configuredRate.isPresent()) {
            if (!announced) {
                announced = true;
                LOG.info("SES pacing: account maximum send rate {}/s (responder.ses.max-send-rate), this replica's "
                        + "share {}, {} % of it used -> {} sends/s", fmt(accountRate), fmt(share),
                        Math.round(HEADROOM * 100), fmt(perSecond));
            }
            return;
        }
        long now = System.nanoTime();
        long due = quotaFailing ? RETRY_AFTER_FAILURE.toNanos() : refreshPeriod.toNanos();
        if (asked && now - lastAttemptNanos < due) {
            return;
        }
        asked = true;
        lastAttemptNanos = now;
        OptionalDouble max;
        String problem = null;
        try {
            max = quota.maxSendRate();
        } catch (Exception e) {
            max = OptionalDouble.empty();
            problem = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        if (max.isPresent() && max.getAsDouble() > 0) {
            quotaFailing = false;
            apply(max.getAsDouble(), "GetSendQuota");
        } else {
            if (!quotaFailing) {
                LOG.warn("SES pacing: the account's maximum send rate could not be read ({}); pacing stays at {} "
                                + "sends/s from {}. Grant ses:GetSendQuota, or set responder.ses.max-send-rate",
                        problem == null ? "MaxSendRate " + max : problem, fmt(perSecond), source);
            }
            quotaFailing = true;
        }
    }

    private void apply(double rate, String from) {
        if (rate == accountRate && from.equals(source)) {
            return;
        }
        accountRate = rate;
        source = from;
        perSecond = rate * share * HEADROOM;
        bucket.replaceConfiguration(BucketConfiguration.builder().addLimit(limit(perSecond)).build(),
                TokensInheritanceStrategy.AS_IS);
        LOG.info("SES pacing: account maximum send rate {}/s ({}), this replica's share {}, {} % of it used -> {} "
                + "sends/s", fmt(rate), from, fmt(share), Math.round(HEADROOM * 100), fmt(perSecond));
    }

    /** Sends per second in force on this replica. */
    public double permitsPerSecond() {
        return perSecond;
    }

    /** Where the rate in force comes from: GetSendQuota, the configured rate or the fallback. */
    public String source() {
        return source;
    }

    private static Bandwidth limit(double perSecond) {
        // capacity one: never a burst, one send per interval
        long interval = Math.max(1, Math.round(1e9 / perSecond));
        return Bandwidth.builder().capacity(1).refillGreedy(1, Duration.ofNanos(interval)).build();
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.2f", d);
    }
}
