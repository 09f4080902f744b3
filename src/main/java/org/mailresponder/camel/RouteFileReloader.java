package org.mailresponder.camel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel's route reloading for the working directory's {@code routes/*.yaml}, made safe.
 *
 * <p>Camel's own {@link RouteWatcherReloadStrategy} (what {@code camel.main.routes-reload-enabled} installs) first
 * stops and removes every route and then loads the files again; when the edited file does not parse or its routes
 * do not start, the exception is logged at WARN "and ignored" and the service is left with no routes at all: the
 * maildir is no longer read until someone fixes the file. This subclass keeps the bytes of every route file in force
 * and, when a changed set fails, logs an ERROR naming the file and puts the previous set back, so the routes that
 * ran before keep running. Each reload is logged with the file that changed and the routes it added, removed or
 * replaced, and counted ({@code responder.routes.reloads{result}}, gauge {@code responder.routes.reload.failing}).
 *
 * <p>An editor that writes a file in place produces several events (truncate, write): a change is read only once
 * the file has stopped changing, an empty file is ignored (delete the file to remove its routes), and content
 * equal to what is in force is not reloaded again.
 */
public class RouteFileReloader extends RouteWatcherReloadStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(RouteFileReloader.class);
    private static final long SETTLE_MILLIS = 150;
    private static final long SETTLE_LIMIT_MILLIS = 3000;

    private final Path dir;
    /** File name to the bytes of the route files whose routes are in force. */
    private Map<String, byte[]> inForce = new TreeMap<>();
    private final AtomicInteger failing = new AtomicInteger();
    /** Files (and application.properties) whose last change was refused; failing is 1 while any is left. */
    private final Set<String> refused = new TreeSet<>();
    /** The content of each refused file, so the same content (a second event for one save) is not tried again. */
    private final Map<String, byte[]> refusedContent = new TreeMap<>();
    private Counter reloaded;
    private Counter failed;
    private final List<Runnable> afterReload = new ArrayList<>();

    public RouteFileReloader(Path dir) {
        super(dir.toAbsolutePath().toString(), false);
        this.dir = dir.toAbsolutePath().normalize();
        setPattern("*.yaml");
        setRemoveAllRoutes(true);
    }

    /** Runs after every reload that put new routes in force (e.g. to create the folders a new route reads). */
    public void afterReload(Runnable action) {
        afterReload.add(action);
    }

    @Override
    protected void doStart() throws Exception {
        synchronized (this) {
            inForce = readAll();
        }
        MeterRegistry meters = getCamelContext().getRegistry().findSingleByType(MeterRegistry.class);
        if (meters != null) {
            reloaded = Counter.builder("responder.routes.reloads").tag("result", "changed")
                    .description("Route file changes put in force").register(meters);
            failed = Counter.builder("responder.routes.reloads").tag("result", "failed")
                    .description("Route file changes refused (the routes in force were kept)").register(meters);
            Gauge.builder("responder.routes.reload.failing", failing, AtomicInteger::get)
                    .description("1 while the last route file change was refused").register(meters);
        }
        super.doStart();
    }

    @Override
    protected String startupMessage(java.io.File folder) {
        return "Route files in " + folder + " are reloaded when they change";
    }

    /** Called by the watcher for one changed, created or deleted file. */
    @Override
    protected void onRouteReload(Collection<Resource> resources, boolean removeEverything) {
        if (resources == null) {
            reloadAll("the routes were asked to reload", () -> { });
            return;
        }
        synchronized (this) {
            if (!running()) {
                return;
            }
            Map<String, byte[]> next = new TreeMap<>(inForce);
            List<String> changes = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (Resource resource : resources) {
                Path file = Paths.get(resource.getURI()).toAbsolutePath().normalize();
                String name = file.getFileName().toString();
                names.add(name);
                byte[] now = settledContent(file);
                if (now == null) {
                    if (next.remove(name) != null) {
                        changes.add(name + " (deleted)");
                    } else if (refused.contains(name)) {
                        LOG.info("Route file {} was deleted; it had not been put in force", file);
                        clearRefused(name);
                        refusedContent.remove(name);
                    }
                } else if (Arrays.equals(now, refusedContent.get(name))) {
                    LOG.debug("Route file {} still has the content refused before", file);
                } else if (isBlank(now)) {
                    LOG.info("Route file {} is empty; ignored (delete the file to remove its routes)", file);
                } else if (!Arrays.equals(now, next.get(name))) {
                    changes.add(name + (next.containsKey(name) ? "" : " (new)"));
                    next.put(name, now);
                } else if (refused.contains(name)) {
                    LOG.info("Route file {} is back to the content in force", file);
                    clearRefused(name);
                    refusedContent.remove(name);
                }
            }
            if (changes.isEmpty()) {
                return;
            }
            if (apply(next, "route file " + String.join(", ", changes))) {
                names.forEach(this::clearRefused);
                names.forEach(refusedContent::remove);
            } else {
                names.forEach(this::markRefused);
                for (String name : names) {
                    if (next.containsKey(name)) {
                        refusedContent.put(name, next.get(name));
                    }
                }
            }
        }
    }

    /**
     * Rebuilds every route from the files in force, e.g. after a property the routes use changed.
     *
     * @param undo run when the routes cannot be rebuilt, before the routes in force are put back (e.g. to take the
     *             new property values back)
     * @return whether the routes were rebuilt; when not, the routes in force were restored and the error logged
     */
    public synchronized boolean reloadAll(String why, Runnable undo) {
        if (!running()) {
            return false;
        }
        return apply(inForce, why, undo);
    }

    /** A change that was refused (a route file, or application.properties) is no longer pending. */
    public synchronized void clearRefused(String source) {
        refused.remove(source);
        failing.set(refused.isEmpty() ? 0 : 1);
    }

    /** A change to this source was refused: the gauge stays 1 until it is fixed. */
    public synchronized void markRefused(String source) {
        refused.add(source);
        failing.set(1);
    }

    /** Reloads only while the context runs: not while it starts or stops (tests delete their folders then). */
    private boolean running() {
        CamelContext ctx = getCamelContext();
        return ctx.isStarted() && !ctx.isStopping() && isRunAllowed();
    }

    private boolean apply(Map<String, byte[]> next, String what) {
        return apply(next, what, () -> { });
    }

    private boolean apply(Map<String, byte[]> next, String what, Runnable undo) {
        CamelContext ctx = getCamelContext();
        Map<String, String> before = routeSources(ctx);
        try {
            if (next.isEmpty()) {
                throw new IllegalStateException("no route file would be left");
            }
            replaceRoutes(next);
            if (ctx.getRoutes().isEmpty()) {
                throw new IllegalStateException("the route files define no route");
            }
        } catch (Exception e) {
            undo.run();
            try {
                replaceRoutes(inForce);
            } catch (Exception restore) {
                LOG.error("Could not restore the routes in force before ({}); fix the route files in {}", oneLine(restore),
                        dir, restore);
            }
            failing.set(1);
            if (failed != null) {
                failed.increment();
            }
            LOG.error("Not applied: {} in {}: {}. The routes in force before are kept.", what, dir, oneLine(e));
            return false;
        }
        inForce = next;
        failing.set(refused.isEmpty() ? 0 : 1);
        if (reloaded != null) {
            reloaded.increment();
        }
        Map<String, String> after = routeSources(ctx);
        Set<String> added = new TreeSet<>(after.keySet());
        added.removeAll(before.keySet());
        Set<String> removed = new TreeSet<>(before.keySet());
        removed.removeAll(after.keySet());
        long started = ctx.getRoutes().stream()
                .filter(r -> ctx.getRouteController().getRouteStatus(r.getRouteId()) == ServiceStatus.Started).count();
        LOG.info("Reloaded {}: {} routes in force, {} started{}{}", what, after.size(), started,
                added.isEmpty() ? "" : "; added " + String.join(", ", added),
                removed.isEmpty() ? "" : "; removed " + String.join(", ", removed));
        for (Runnable action : afterReload) {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.warn("After reloading routes: {}", oneLine(e));
            }
        }
        return true;
    }

    private void replaceRoutes(Map<String, byte[]> files) throws Exception {
        CamelContext ctx = getCamelContext();
        ctx.getRouteController().removeAllRoutes();
        ctx.removeRouteTemplates("*");
        ctx.getEndpointRegistry().clear();
        List<Resource> resources = new ArrayList<>();
        files.forEach((name, bytes) -> resources.add(ResourceHelper.fromBytes("file:" + dir.resolve(name), bytes)));
        PluginHelper.getRoutesLoader(ctx).updateRoutes(resources);
    }

    private static Map<String, String> routeSources(CamelContext ctx) {
        Map<String, String> ids = new TreeMap<>();
        for (Route r : ctx.getRoutes()) {
            ids.put(r.getRouteId(), String.valueOf(r.getSourceLocationShort()));
        }
        return ids;
    }

    private Map<String, byte[]> readAll() throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path f : (Iterable<Path>) list::iterator) {
                String name = f.getFileName().toString();
                if (name.endsWith(".yaml") && Files.isRegularFile(f)) {
                    files.put(name, Files.readAllBytes(f));
                }
            }
        }
        return files;
    }

    /** The file's bytes once its size and modification time have stopped changing; null when it is gone. */
    static byte[] settledContent(Path file) {
        long deadline = System.currentTimeMillis() + SETTLE_LIMIT_MILLIS;
        try {
            String stamp = stamp(file);
            while (System.currentTimeMillis() < deadline) {
                Thread.sleep(SETTLE_MILLIS);
                String again = stamp(file);
                if (again.equals(stamp)) {
                    break;
                }
                stamp = again;
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            LOG.warn("Cannot read route file {}: {}", file, e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String stamp(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        return a.size() + "/" + a.lastModifiedTime().toMillis();
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (!Character.isWhitespace(b)) {
                return false;
            }
        }
        return true;
    }

    static String oneLine(Throwable e) {
        StringBuilder s = new StringBuilder();
        for (Throwable t = e; t != null && s.length() < 2000; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && (s.isEmpty() || !s.toString().contains(m))) {
                if (!s.isEmpty()) {
                    s.append(": ");
                }
                s.append(m);
            }
        }
        return (s.isEmpty() ? e.getClass().getSimpleName() : s.toString()).replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
