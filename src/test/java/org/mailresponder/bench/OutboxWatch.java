package org.mailresponder.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sees answers appear in the outbox: the service writes each to a hidden temporary name and renames it, and the
 * rename is the hand-off. Linux's inotify (through the JDK's WatchService) reports each rename; the time is taken
 * when the event is read. Which request an answer belongs to is read from its {@code In-Reply-To} header, part of
 * the answer contract, so nothing internal to the service is needed.
 */
final class OutboxWatch implements AutoCloseable {

    /** One answer that appeared: its file and when. */
    record Arrival(Path file, long nanos) {
    }

    private static final Pattern IN_REPLY_TO = Pattern.compile("(?im)^In-Reply-To:\\s*<([^>]+)>");

    private final Path dir;
    private final WatchService watcher;
    private volatile WatchKey key;
    private final LinkedBlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();
    private final AtomicBoolean overflowed = new AtomicBoolean();
    private final Thread thread;

    OutboxWatch(Path dir) throws IOException {
        this.dir = dir;
        this.watcher = FileSystems.getDefault().newWatchService();
        key = dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
        thread = new Thread(this::run, "outbox-watch");
        thread.setDaemon(true);
        thread.setPriority(Thread.MAX_PRIORITY);
        thread.start();
    }

    private void run() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                long now = System.nanoTime();
                for (WatchEvent<?> e : key.pollEvents()) {
                    if (e.kind() == StandardWatchEventKinds.OVERFLOW) {
                        overflowed.set(true);
                        continue;
                    }
                    Path name = (Path) e.context();
                    if (!name.toString().startsWith(".")) {
                        arrivals.add(new Arrival(dir.resolve(name), now));
                    }
                }
                key.reset();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        }
    }

    /** The next answer, or null if none appears within the timeout. */
    Arrival next(long timeout, TimeUnit unit) throws InterruptedException {
        return arrivals.poll(timeout, unit);
    }

    /** True if inotify dropped events: latency figures of that phase are incomplete. */
    boolean overflowed() {
        return overflowed.getAndSet(false);
    }

    void clear() {
        arrivals.clear();
    }

    /**
     * Stops watching until {@link #resume}: the kernel then queues no event and no thread of the driver wakes per
     * answer (a burst measured by the answers' own time stamps, {@link #handedOffAt}).
     */
    void pause() {
        key.cancel();
    }

    /** Watches again, from now on; what arrived meanwhile is not reported. */
    void resume() throws IOException {
        key = dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
        arrivals.clear();
    }

    /** {@code System.nanoTime()} minus the wall clock, in nanoseconds: turns a file's time stamp into the former. */
    static long nanoOffset() {
        Instant wall = Instant.now();
        return System.nanoTime() - (wall.getEpochSecond() * 1_000_000_000L + wall.getNano());
    }

    /**
     * When an answer was handed off, in {@link System#nanoTime()}'s terms: the status-change time the rename into the
     * outbox gave it. The kernel stamps files from its coarse clock (a scheduler tick, 4 ms here, behind the precise
     * one), so this is for bursts measured in seconds, not for single answers' latency.
     *
     * @param nanoOffset {@link #nanoOffset()}
     */
    static long handedOffAt(Path answer, long nanoOffset) throws IOException {
        FileTime changed = (FileTime) Files.getAttribute(answer, "unix:ctime");
        return changed.to(TimeUnit.NANOSECONDS) + nanoOffset;
    }

    /** The Message-ID this answer replies to, or null. */
    static String inReplyTo(Path answer) {
        try (InputStream in = Files.newInputStream(answer)) {
            String head = new String(in.readNBytes(16384), StandardCharsets.ISO_8859_1);
            int end = head.indexOf("\r\n\r\n");
            Matcher m = IN_REPLY_TO.matcher(end > 0 ? head.substring(0, end) : head);
            return m.find() ? m.group(1) : null;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        watcher.close();
        thread.interrupt();
    }
}
