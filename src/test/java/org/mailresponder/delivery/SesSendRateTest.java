package org.mailresponder.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/**
 * The pacing rules of {@link SesSendRate} on their own. The quota source here is a lambda standing in for
 * GetSendQuota, to produce answers and failures in a chosen order; the real call against SES's wire format is in
 * {@link SesPacingTest} and {@link SesPacingFallbackTest}.
 */
class SesSendRateTest {

    @Test
    void sendsFromManyThreadsAreSpacedAtTheRateNeverBurst() throws Exception {
        SesSendRate rate = new SesSendRate(() -> OptionalDouble.of(40), OptionalDouble.empty(), 1, 0.5, () -> true,
                java.time.Duration.ofMinutes(5), new SimpleMeterRegistry());
        rate.refresh();
        // half the account's 40/s, of which HEADROOM (80 %) is used: 16/s
        assertThat(rate.permitsPerSecond()).isCloseTo(20 * SesSendRate.HEADROOM, within(1e-9));
        List<Long> times = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(6);
        for (int i = 0; i < 30; i++) {
            pool.submit(() -> {
                rate.acquire();
                times.add(System.nanoTime());
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        long[] t = times.stream().mapToLong(Long::longValue).sorted().toArray();
        assertThat(t).hasSize(30);
        // 30 sends at 16/s: the first may go at once, the other 29 each wait 1/16 s for their turn
        assertThat((t[29] - t[0]) / 1e9).isGreaterThanOrEqualTo(29 / (20 * SesSendRate.HEADROOM) - 0.01);
        int maxInSecond = 0;
        for (int a = 0, b = 0; b < t.length; b++) {
            while (t[b] - t[a] >= 1_000_000_000L) {
                a++;
            }
            maxInSecond = Math.max(maxInSecond, b - a + 1);
        }
        assertThat(maxInSecond).isLessThanOrEqualTo(16);
    }

    @Test
    void sesIsNotAskedWhileNoAnswerGoesOutBySes() {
        AtomicInteger asked = new AtomicInteger();
        SesSendRate rate = new SesSendRate(() -> {
            asked.incrementAndGet();
            return OptionalDouble.of(50);
        }, OptionalDouble.empty(), 2, 1, () -> false, java.time.Duration.ofMinutes(5), new SimpleMeterRegistry());
        rate.refresh();
        assertThat(asked).hasValue(0);
        assertThat(rate.permitsPerSecond()).isCloseTo(2 * SesSendRate.HEADROOM, within(1e-9));
    }

    @Test
    void aConfiguredRateIsUsedAndSesIsNeverAsked() {
        AtomicInteger asked = new AtomicInteger();
        SesSendRate rate = new SesSendRate(() -> {
            asked.incrementAndGet();
            return OptionalDouble.of(50);
        }, SesSendRate.configured("14"), 1, 0.25, () -> true, java.time.Duration.ofMinutes(5), new SimpleMeterRegistry());
        rate.refresh();
        assertThat(asked).hasValue(0);
        assertThat(rate.permitsPerSecond()).isCloseTo(3.5 * SesSendRate.HEADROOM, within(1e-9));
        assertThat(rate.source()).isEqualTo("responder.ses.max-send-rate");
    }

    @Test
    void aFailedReadKeepsTheRateInForceAndALaterAnswerReplacesIt() {
        AtomicReference<Object> next = new AtomicReference<>(OptionalDouble.of(10));
        SesSendRate rate = new SesSendRate(() -> {
            Object n = next.get();
            if (n instanceof RuntimeException e) {
                throw e;
            }
            return (OptionalDouble) n;
        }, OptionalDouble.empty(), 1, 1, () -> true, java.time.Duration.ZERO, new SimpleMeterRegistry());
        assertThat(rate.permitsPerSecond()).as("before SES answered: the fallback")
                .isCloseTo(SesSendRate.HEADROOM, within(1e-9));
        rate.refresh();
        assertThat(rate.permitsPerSecond()).isCloseTo(10 * SesSendRate.HEADROOM, within(1e-9));
        next.set(new IllegalStateException("Unable to execute HTTP request: timeout"));
        rate.refresh();
        assertThat(rate.permitsPerSecond()).as("the last rate SES gave stays").isCloseTo(10 * SesSendRate.HEADROOM, within(1e-9));
        next.set(OptionalDouble.of(28));
        rate.refresh();
        assertThat(rate.permitsPerSecond()).as("after a failure SES is asked again only 30 s later")
                .isCloseTo(10 * SesSendRate.HEADROOM, within(1e-9));
        assertThat(rate.source()).isEqualTo("GetSendQuota");
    }

    @Test
    void aReadRateIsKeptForTheRefreshPeriodAndAZeroRateIsNoRate() {
        AtomicInteger asked = new AtomicInteger();
        AtomicReference<OptionalDouble> next = new AtomicReference<>(OptionalDouble.of(10));
        SesSendRate hourly = new SesSendRate(() -> {
            asked.incrementAndGet();
            return next.get();
        }, OptionalDouble.empty(), 1, 1, () -> true, java.time.Duration.ofHours(1), new SimpleMeterRegistry());
        hourly.refresh();
        hourly.refresh();
        assertThat(asked).as("the second tick is not due yet").hasValue(1);

        SesSendRate always = new SesSendRate(next::get, OptionalDouble.empty(), 1, 1, () -> true,
                java.time.Duration.ZERO, new SimpleMeterRegistry());
        always.refresh();
        next.set(OptionalDouble.of(0));
        always.refresh();
        assertThat(always.permitsPerSecond()).as("a zero MaxSendRate is no rate").isCloseTo(10 * SesSendRate.HEADROOM, within(1e-9));
    }

    @Test
    void badSettingsAreRefusedWithTheirNames() {
        assertThatThrownBy(() -> new SesSendRate(OptionalDouble::empty, OptionalDouble.empty(), 1, 0, () -> true,
                java.time.Duration.ofMinutes(5), new SimpleMeterRegistry())).hasMessageContaining("responder.ses.send-rate-share");
        assertThatThrownBy(() -> new SesSendRate(OptionalDouble::empty, OptionalDouble.empty(), 1, 1.5, () -> true,
                java.time.Duration.ofMinutes(5), new SimpleMeterRegistry())).hasMessageContaining("responder.ses.send-rate-share");
        assertThatThrownBy(() -> new SesSendRate(OptionalDouble::empty, OptionalDouble.empty(), 0, 1, () -> true,
                java.time.Duration.ofMinutes(5), new SimpleMeterRegistry())).hasMessageContaining("responder.ses.fallback-send-rate");
        assertThatThrownBy(() -> SesSendRate.configured("fast")).hasMessageContaining("responder.ses.max-send-rate");
        assertThatThrownBy(() -> new SesSendRate(OptionalDouble::empty, SesSendRate.configured("-3"), 1, 1,
                () -> true, java.time.Duration.ofMinutes(5), new SimpleMeterRegistry())).hasMessageContaining("responder.ses.max-send-rate");
        assertThat(SesSendRate.configured(" ")).isEmpty();
    }
}
