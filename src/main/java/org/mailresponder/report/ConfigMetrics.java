package org.mailresponder.report;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.mailresponder.config.ResponderConfigHolder;

/**
 * Metrics of the responder config: whether one is in force, its version (as a label) and age, and whether the last
 * reload worked. {@link #update()} runs after every reload (route {@code config-refresh}).
 */
public class ConfigMetrics {

    private final ResponderConfigHolder config;
    private final Clock clock;
    private final MultiGauge info;
    private volatile String version;
    private volatile Instant inForceSince;

    public ConfigMetrics(MeterRegistry registry, ResponderConfigHolder config, Clock clock) {
        this.config = config;
        this.clock = clock;
        Gauge.builder("responder.config.loaded", config, c -> c.isLoaded() ? 1 : 0)
                .description("1 when a responder config is in force").register(registry);
        Gauge.builder("responder.config.reload.ok", config, c -> c.lastReload() != null && c.lastReload().ok() ? 1 : 0)
                .description("1 when the last reload succeeded or found no change, 0 when it failed").register(registry);
        Gauge.builder("responder.config.age", this, m -> m.inForceSince == null ? Double.NaN
                        : (clock.millis() - m.inForceSince.toEpochMilli()) / 1000.0)
                .description("Seconds since the config in force was loaded").baseUnit("seconds").register(registry);
        info = MultiGauge.builder("responder.config.info")
                .description("1, labelled with the version (ETag or hash) of the config in force").register(registry);
        update();
    }

    public void update() {
        String v = config.isLoaded() ? config.current().version() : null;
        if (v != null && !v.equals(version)) {
            version = v;
            inForceSince = clock.instant();
            info.register(List.of(MultiGauge.Row.of(Tags.of("version", v), 1)), true);
        }
    }
}
