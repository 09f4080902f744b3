package org.mailresponder.report;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.mailresponder.config.ResponderConfigHolder;
import org.mailresponder.config.ResponderConfigHolder.ReloadStatus;

/**
 * Metrics of the responder config: whether one is in force, its version (as a label) and age, and how config
 * checks went, so an alert fires when a replica keeps answering from an old config because the new one cannot be
 * fetched or is invalid (the holder logs each such failure). {@link #record} takes every check's status (route
 * {@code config-refresh}).
 */
public class ConfigMetrics {

    private final ResponderConfigHolder config;
    private final Clock clock;
    private final MultiGauge info;
    private final Counter changed;
    private final Counter unchanged;
    private final Counter failed;
    private final AtomicInteger lastFailed = new AtomicInteger();
    private final AtomicLong lastSuccessEpochSeconds = new AtomicLong();
    private volatile String version;
    private volatile Instant inForceSince;

    public ConfigMetrics(MeterRegistry registry, ResponderConfigHolder config, Clock clock) {
        this.config = config;
        this.clock = clock;
        Gauge.builder("responder.config.loaded", config, c -> c.isLoaded() ? 1 : 0)
                .description("1 when a responder config is in force").register(registry);
        Gauge.builder("responder.config.age", this, m -> m.inForceSince == null ? Double.NaN
                        : (clock.millis() - m.inForceSince.toEpochMilli()) / 1000.0)
                .description("Seconds since the config in force was loaded").baseUnit("seconds").register(registry);
        info = MultiGauge.builder("responder.config.info")
                .description("1, labelled with the version (ETag or hash) of the config in force").register(registry);
        changed = reloads(registry, "changed");
        unchanged = reloads(registry, "unchanged");
        failed = reloads(registry, "failed");
        Gauge.builder("responder.config.reload.failing", lastFailed, AtomicInteger::get)
                .description("1 while the last config check failed and the last good config is kept").register(registry);
        Gauge.builder("responder.config.reload.last-success", lastSuccessEpochSeconds, AtomicLong::get)
                .description("Epoch seconds of the last successful config check").baseUnit("seconds").register(registry);
    }

    private static Counter reloads(MeterRegistry registry, String result) {
        return Counter.builder("responder.config.reloads").tag("result", result)
                .description("Config checks by result").register(registry);
    }

    /** Takes the holder's status after a check; returns it unchanged so a route can go on with it. */
    public ReloadStatus record(ReloadStatus status) {
        if (!status.ok()) {
            failed.increment();
            lastFailed.set(1);
        } else {
            (status.changed() ? changed : unchanged).increment();
            lastFailed.set(0);
            lastSuccessEpochSeconds.set(status.at().getEpochSecond());
        }
        String v = config.isLoaded() ? config.current().version() : null;
        if (v != null && !v.equals(version)) {
            version = v;
            inForceSince = clock.instant();
            info.register(List.of(MultiGauge.Row.of(Tags.of("version", v), 1)), true);
        }
        return status;
    }

    public double failures() {
        return failed.count();
    }
}
