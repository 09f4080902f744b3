package org.mailresponder.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.SimpleEventNotifierSupport;
import org.mailresponder.camel.PropertiesFileReloader;
import org.mailresponder.camel.RouteFileReloader;
import org.mailresponder.camel.UnheardExchangeEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the service adds around Camel Main's start-up: live reloading of the working directory's route files and
 * {@code application.properties}, the maildir's folders, and a start-up line that names the management server's
 * real address (Camel's own summary prints {@code http://0.0.0.0:PORT} whatever the bind address). The properties
 * precedence is {@link EnvironmentPropertiesSource}'s.
 */
public final class ServiceLifecycle implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceLifecycle.class);
    public static final List<String> MAILDIR_FOLDERS = List.of("new", "cur", "tmp", "failed");

    private final Path workDir;

    /** The current directory; what base-package scanning builds. */
    public ServiceLifecycle() {
        this(Path.of(""));
    }

    public ServiceLifecycle(Path workDir) {
        this.workDir = workDir;
    }

    /** Once per context, whichever instance comes first (ResponderService's, or one base-package scanning found). */
    @Override
    public void configure(CamelContext ctx) {
        if (ctx.getRegistry().lookupByName(ServiceLifecycle.class.getName()) != null) {
            return;
        }
        ctx.getRegistry().bind(ServiceLifecycle.class.getName(), this);
        SimpleEventNotifierSupport started = new SimpleEventNotifierSupport() {
            @Override
            public boolean isEnabled(CamelEvent event) {
                return event instanceof CamelEvent.CamelContextStartedEvent;
            }

            @Override
            public void notify(CamelEvent event) {
                createMaildirFolders(ctx);
                logManagementEndpoints(ctx);
                UnheardExchangeEvents.silence(ctx);
            }
        };
        // only the context's start: said here, or Camel would offer this notifier every step of every request
        started.setIgnoreExchangeEvents(true);
        started.setIgnoreRouteEvents(true);
        started.setIgnoreServiceEvents(true);
        started.setIgnoreStepEvents(true);
        ctx.getManagementStrategy().addEventNotifier(started);
        boolean enabled = ctx.getPropertiesComponent().resolveProperty("responder.reload.enabled")
                .map(v -> Boolean.parseBoolean(v.strip())).orElse(true);
        Path routesDir = workDir.resolve("routes");
        Path properties = workDir.resolve("application.properties");
        if (!enabled) {
            LOG.info("Live reloading is off (responder.reload.enabled=false): route and property changes need a restart");
            return;
        }
        RouteFileReloader routes = null;
        try {
            if (Files.isDirectory(routesDir)) {
                routes = new RouteFileReloader(routesDir);
                routes.afterReload(() -> createMaildirFolders(ctx));
                ctx.addService(routes);
            } else {
                LOG.info("Routes come from the jar (no {}): route changes need a new build", routesDir.toAbsolutePath());
            }
            if (Files.isRegularFile(properties)) {
                ctx.addService(new PropertiesFileReloader(properties, routes, PropertyScope::needsRestart));
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot set up live reloading: " + e.getMessage(), e);
        }
    }

    /** new/, cur/, tmp/ and failed/ exist from the start, not only once the first request needs them. */
    static void createMaildirFolders(CamelContext ctx) {
        Optional<String> maildir = ctx.getPropertiesComponent().resolveProperty("responder.maildir");
        if (maildir.isEmpty()) {
            return;
        }
        Path root = Path.of(maildir.get().strip());
        for (String folder : MAILDIR_FOLDERS) {
            try {
                Files.createDirectories(root.resolve(folder));
            } catch (IOException e) {
                LOG.error("Cannot create maildir folder {}: {}", root.resolve(folder), e.getMessage());
            }
        }
    }

    private static void logManagementEndpoints(CamelContext ctx) {
        PropertiesComponent pc = ctx.getPropertiesComponent();
        if (!pc.resolveProperty("camel.management.enabled").map(v -> Boolean.parseBoolean(v.strip())).orElse(false)) {
            return;
        }
        String host = pc.resolveProperty("camel.management.host").map(String::strip).orElse("0.0.0.0");
        String port = pc.resolveProperty("camel.management.port").map(String::strip).orElse("9876");
        PlatformHttpComponent http = ctx.hasComponent("platform-http") instanceof PlatformHttpComponent c ? c : null;
        TreeSet<String> paths = new TreeSet<>();
        if (http != null) {
            http.getHttpManagementEndpoints().forEach(e -> paths.add(e.getUri()));
        }
        String where = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        LOG.info("Management HTTP server on {}{}: {}", where,
                "0.0.0.0".equals(host) || "::".equals(host) ? " (all interfaces)" : "",
                paths.isEmpty() ? "(no endpoints)" : String.join(", ", paths));
    }
}
