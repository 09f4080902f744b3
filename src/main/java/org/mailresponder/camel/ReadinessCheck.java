package org.mailresponder.camel;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.mailresponder.config.ConfigEntry;
import org.mailresponder.config.ResponderConfig;
import org.mailresponder.config.ResponderConfigHolder;
import org.mailresponder.config.SendMethod;
import org.mailresponder.report.ReadinessProbe;

/**
 * Readiness of this replica: a responder config is in force, the database answers, and every transport the config
 * uses can take an answer — the outbox is writable with room to spare, the SMTP relay greets, the SES endpoint
 * accepts a connection. Not a liveness check: an outage must take the replica out of service, not restart it.
 * The probes run in parallel, each given at most its timeout, so a black-holed peer cannot stall the check.
 */
public class ReadinessCheck extends AbstractHealthCheck {

    private final ResponderConfigHolder config;
    private final DataSource dataSource;
    private final Duration timeout;
    private final SendMethod defaultMethod;
    private final Map<SendMethod, ReadinessProbe> transports;
    private final Duration transportTimeout;
    private final ExecutorService probes = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "readiness-probe");
        t.setDaemon(true);
        return t;
    });

    public ReadinessCheck(ResponderConfigHolder config, DataSource dataSource, Duration timeout) {
        this(config, dataSource, timeout, SendMethod.OUTBOX, Map.of(), timeout);
    }

    /**
     * @param defaultMethod    {@code responder.delivery.method}
     * @param transports       the probe of each transport; only those the config uses are run
     * @param transportTimeout longest wait for a transport probe
     */
    public ReadinessCheck(ResponderConfigHolder config, DataSource dataSource, Duration timeout,
                          SendMethod defaultMethod, Map<SendMethod, ReadinessProbe> transports,
                          Duration transportTimeout) {
        super("mail-responder", "responder-ready");
        this.config = config;
        this.dataSource = dataSource;
        this.timeout = timeout;
        this.defaultMethod = defaultMethod;
        this.transports = Map.copyOf(transports);
        this.transportTimeout = transportTimeout;
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
        ResponderConfig current = config.current();
        Map<String, CompletableFuture<String>> running = new LinkedHashMap<>();
        // The pool would wait its full connection timeout for a dead server; readiness answers quicker.
        running.put("database", CompletableFuture.supplyAsync(this::databaseProblem, probes));
        for (SendMethod method : methodsInUse(current)) {
            ReadinessProbe probe = transports.get(method);
            if (probe != null) {
                running.put(method.routeName(), CompletableFuture.supplyAsync(() -> {
                    try {
                        return probe.problem();
                    } catch (Exception e) {
                        return method.routeName() + ": " + e;
                    }
                }, probes));
            }
        }
        List<String> problems = new ArrayList<>();
        long deadline = System.nanoTime() + Math.max(timeout.toNanos(), transportTimeout.toNanos());
        for (Map.Entry<String, CompletableFuture<String>> e : running.entrySet()) {
            String problem;
            try {
                problem = e.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception ex) {
                problem = e.getKey().equals("database")
                        ? "database does not answer within " + timeout.toMillis() + " ms"
                        : e.getKey() + " does not answer within " + transportTimeout.toMillis() + " ms";
            }
            builder.detail(e.getKey(), problem == null ? "ok" : problem);
            if (problem != null) {
                problems.add(problem);
            }
        }
        if (problems.isEmpty()) {
            builder.detail("config.version", current.version()).up();
        } else {
            builder.message(String.join("; ", problems)).down();
        }
    }

    private String databaseProblem() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid((int) Math.max(1, timeout.toSeconds())) ? null
                    : "database does not answer within " + timeout.toMillis() + " ms";
        } catch (Exception e) {
            return "database does not answer within " + timeout.toMillis() + " ms: " + e.getMessage();
        }
    }

    /** The default transport and every one an entry names. */
    private Set<SendMethod> methodsInUse(ResponderConfig current) {
        Set<SendMethod> methods = EnumSet.of(defaultMethod);
        for (String address : current.addresses()) {
            for (ConfigEntry entry : current.entriesFor(address)) {
                if (entry.sendMethod() != SendMethod.DEFAULT) {
                    methods.add(entry.sendMethod());
                }
            }
        }
        return methods;
    }
}
