package org.mailresponder.report;

import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.mailresponder.config.ResponderConfigHolder;

/**
 * Readiness of this replica: a responder config is in force and the database answers within a short timeout.
 * Not a liveness check: a database outage must take the replica out of service, not restart it.
 */
public class ReadinessCheck extends AbstractHealthCheck {

    private final ResponderConfigHolder config;
    private final DataSource dataSource;
    private final Duration timeout;

    public ReadinessCheck(ResponderConfigHolder config, DataSource dataSource, Duration timeout) {
        super("mail-responder", "responder-ready");
        this.config = config;
        this.dataSource = dataSource;
        this.timeout = timeout;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        if (!config.isLoaded()) {
            var last = config.lastReload();
            builder.message("no responder config loaded" + (last == null ? "" : ": " + last.error())).down();
            return;
        }
        // The pool would wait its full connection timeout for a dead server; readiness answers quicker.
        CompletableFuture<Boolean> probe = CompletableFuture.supplyAsync(() -> {
            try (Connection c = dataSource.getConnection()) {
                return c.isValid((int) Math.max(1, timeout.toSeconds()));
            } catch (Exception e) {
                return false;
            }
        });
        boolean up;
        try {
            up = probe.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            up = false;
        }
        if (up) {
            builder.detail("config.version", config.current().version()).up();
        } else {
            builder.message("database does not answer within " + timeout.toMillis() + " ms").down();
        }
    }
}
