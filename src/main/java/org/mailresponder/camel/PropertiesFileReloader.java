package org.mailresponder.camel;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Ordered;
import org.apache.camel.spi.PropertiesSource;
import org.apache.camel.support.FileWatcherResourceReloadStrategy;
import org.apache.camel.util.IOHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the working directory's {@code application.properties}. A changed property the routes use is put in force
 * by rebuilding the routes ({@link RouteFileReloader#reloadAll}); a property read once at start
 * (the {@code needsRestart} test the wiring gives) is logged as needing a restart and raises the gauge
 * {@code responder.restart.required}, and the service keeps running with the value it started with (routes that use
 * it too, so beans and routes never disagree). A property set by {@code -D} or the environment is not affected by
 * the file. Values are never logged (the file holds passwords).
 *
 * <p>Changed values are served by a properties source placed in front of the file ({@link Overlay}), so Camel's own
 * view of the file stays what it read at start: that is what keeps restart-only properties at their start value.
 */
public class PropertiesFileReloader extends FileWatcherResourceReloadStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(PropertiesFileReloader.class);

    /** Between the environment ({@link EnvironmentPropertiesSource#ORDER}) and the files (100 and up). */
    static final int OVERLAY_ORDER = 75;

    private final Path file;
    private final RouteFileReloader routes;
    private final Overlay overlay = new Overlay();
    private Map<String, String> atStart;
    private Map<String, String> lastSeen;
    private final AtomicInteger restartRequired = new AtomicInteger();

    private final Predicate<String> needsRestart;

    /** @param needsRestart whether a property is read only once, at start (the wiring knows which) */
    public PropertiesFileReloader(Path file, RouteFileReloader routes, Predicate<String> needsRestart) {
        super(file.toAbsolutePath().getParent().toString(), false);
        this.file = file.toAbsolutePath().normalize();
        this.routes = routes;
        this.needsRestart = needsRestart;
    }

    @Override
    protected void doStart() throws Exception {
        atStart = load();
        lastSeen = atStart;
        getCamelContext().getPropertiesComponent().addPropertiesSource(overlay);
        String name = file.getFileName().toString();
        setFileFilter(f -> f.getName().equals(name));
        setResourceReload((n, resource) -> onChange());
        MeterRegistry meters = getCamelContext().getRegistry().findSingleByType(MeterRegistry.class);
        if (meters != null) {
            Gauge.builder("responder.restart.required", restartRequired, AtomicInteger::get)
                    .description("1 while application.properties holds a change that takes effect only at restart")
                    .register(meters);
        }
        super.doStart();
    }

    @Override
    protected String startupMessage(java.io.File dir) {
        return "Changes to " + file + " are applied while running where possible (see the README's Properties)";
    }

    synchronized void onChange() {
        Map<String, String> now;
        try {
            now = load();
        } catch (IOException e) {
            LOG.warn("Cannot read {}: {}", file, e.getMessage());
            return;
        }
        if (now.equals(lastSeen)) {
            return;
        }
        lastSeen = now;
        Set<String> changed = new TreeSet<>();
        Set<String> keys = new TreeSet<>(atStart.keySet());
        keys.addAll(now.keySet());
        for (String k : keys) {
            if (!Objects.equals(atStart.get(k), now.get(k))) {
                changed.add(k);
            }
        }
        List<String> shadowed = new ArrayList<>();
        List<String> restart = new ArrayList<>();
        Map<String, String> live = new TreeMap<>();
        for (String k : changed) {
            String by = setOutsideTheFile(k);
            if (by != null) {
                shadowed.add(k + " (" + by + ")");
            } else if (needsRestart.test(k) || !now.containsKey(k) || routes == null) {
                restart.add(k);
            } else {
                live.put(k, now.get(k));
            }
        }
        if (!shadowed.isEmpty()) {
            LOG.info("{}: {} changed in the file but set outside it, which wins; the file's value has no effect",
                    file.getFileName(), String.join(", ", shadowed));
        }
        restartRequired.set(restart.isEmpty() ? 0 : 1);
        if (!restart.isEmpty()) {
            LOG.warn("{}: {} differ(s) from the value the service started with and take(s) effect only at a restart; "
                    + "restart the service to apply (until then it keeps the start value)", file.getFileName(),
                    String.join(", ", restart));
        }
        if (routes == null) {
            return;
        }
        Map<String, String> previous = overlay.values;
        String source = file.getFileName().toString();
        if (live.equals(previous)) {
            routes.clearRefused(source);
            return;
        }
        Set<String> applied = new TreeSet<>(live.keySet());
        previous.forEach((k, v) -> {
            if (!Objects.equals(v, live.get(k))) {
                applied.add(k);
            }
        });
        overlay.values = Map.copyOf(live);
        if (routes.reloadAll(source + " (" + String.join(", ", applied) + ")", () -> overlay.values = previous)) {
            routes.clearRefused(source);
        } else {
            routes.markRefused(source);
        }
    }

    /** Where a property is set that beats the file: a JVM system property or an environment variable. */
    private static String setOutsideTheFile(String key) {
        if (System.getProperty(key) != null) {
            return "-D" + key;
        }
        if (IOHelper.lookupEnvironmentVariable(key) != null) {
            return "environment " + IOHelper.normalizeEnvironmentVariable(key);
        }
        return null;
    }

    private Map<String, String> load() throws IOException {
        byte[] bytes = RouteFileReloader.settledContent(file);
        if (bytes == null) {
            throw new IOException("gone or unreadable");
        }
        Properties p = new Properties();
        try (Reader r = new java.io.StringReader(new String(bytes, StandardCharsets.UTF_8))) {
            p.load(r);
        }
        Map<String, String> m = new TreeMap<>();
        for (String k : p.stringPropertyNames()) {
            m.put(k, p.getProperty(k).strip());
        }
        return m;
    }

    /** The changed values of properties the routes use, in front of the file Camel read at start. */
    static final class Overlay implements PropertiesSource, Ordered {

        volatile Map<String, String> values = Map.of();

        @Override
        public String getName() {
            return "application.properties (changed while running)";
        }

        @Override
        public String getProperty(String name) {
            return values.get(name);
        }

        @Override
        public int getOrder() {
            return OVERLAY_ORDER;
        }
    }
}
