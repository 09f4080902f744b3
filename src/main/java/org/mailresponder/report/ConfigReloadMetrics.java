package org.mailresponder.report;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.mailresponder.config.ResponderConfigHolder.ReloadStatus;

/**
 * Metrics for config reloads, so an alert fires when a replica keeps answering from an old config because the
 * new one cannot be fetched or is invalid (the holder logs each such failure).
 */
public class ConfigReloadMetrics {

    private final Counter changed;
    private final Counter unchanged;
    private final Counter failed;
    private final AtomicInteger lastFailed = new AtomicInteger();
    private final AtomicLong lastSuccessEpochSeconds = new AtomicLong();

    public ConfigReloadMetrics(MeterRegistry meters) {
        changed = reloads(meters, "changed");
        unchanged = reloads(meters, "unchanged");
        failed = reloads(meters, "failed");
        Gauge.builder("responder.config.reload.failing", lastFailed, AtomicInteger::get)
                .description("1 while the last config check failed and the last good config is kept").register(meters);
        Gauge.builder("responder.config.reload.last-success", lastSuccessEpochSeconds, AtomicLong::get)
                .description("Epoch seconds of the last successful config check").baseUnit("seconds").register(meters);
    }

    private static Counter reloads(MeterRegistry meters, String result) {
        return Counter.builder("responder.config.reloads").tag("result", result)
                .description("Config checks by result").register(meters);
    }

    /** Takes the holder's status after each refresh; returns it unchanged so a route can go on with it. */
    public ReloadStatus record(ReloadStatus status) {
        if (!status.ok()) {
            failed.increment();
            lastFailed.set(1);
        } else {
            (status.changed() ? changed : unchanged).increment();
            lastFailed.set(0);
            lastSuccessEpochSeconds.set(status.at().getEpochSecond());
        }
        return status;
    }

    public double failures() {
        return failed.count();
    }
}
