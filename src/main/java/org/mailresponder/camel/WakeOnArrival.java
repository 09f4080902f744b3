package org.mailresponder.camel;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.component.file.FileEndpoint;
import org.apache.camel.spi.ScheduledPollConsumerScheduler;
import org.apache.camel.support.ScheduledPollConsumer;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The maildir consumer's scheduler: a scan of new/ runs as soon as a file arrives there (the MDA's rename raises an
 * inotify event, which the JDK's watch service reports), and otherwise after the consumer's own {@code delay}, which
 * stays the longest wait. With the plain scheduler a request waited half the delay on average before anyone looked
 * (25 ms at the default 50, most of the one-at-a-time latency); this one scans at once and lists new/ only when
 * something happened there or the delay ran out. The delay remains the safety net for what raises no event: a
 * change made on another host of a network filesystem, an overflowed event queue, a backlog whose scans make no
 * progress. A scan that left a backlog behind (it takes the consumer's {@code maxMessagesPerPoll} files), as the
 * backlog check given says, is followed by the next at once: while a backlog drains nothing may arrive to wake the
 * scheduler, and waiting the delay after every batch capped the drain at one batch per delay. The first scan runs
 * as the consumer starts, without Camel's initial delay: the start-up settlement of answer claims has run by then
 * (Camel calls start-up listeners before it starts consumers).
 *
 * <p>Files must arrive complete, by rename, as the maildir protocol asks (Postfix and {@code deliver} write into
 * tmp/ first): a file written in place in new/ can be scanned while it is still being written.
 *
 * <p>The same instance serves the consumers a route reload creates one after another, so it can start again after
 * a stop.
 */
public final class WakeOnArrival extends ServiceSupport implements ScheduledPollConsumerScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(WakeOnArrival.class);

    private final boolean watch;
    private final BooleanSupplier backlogLeft;
    private CamelContext camelContext;
    private volatile Consumer consumer;
    private volatile Runnable task;
    private ExecutorService thread;
    private WatchService watchService;

    /**
     * @param watch false: scan every delay only, as Camel's own scheduler does
     * @param backlogLeft asked after each scan: true when it left files waiting that the next scan should take at once
     */
    public WakeOnArrival(boolean watch, BooleanSupplier backlogLeft) {
        this.watch = watch;
        this.backlogLeft = backlogLeft;
    }

    @Override
    public void onInit(Consumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public void scheduleTask(Runnable task) {
        this.task = task;
    }

    @Override
    public void unscheduleTask() {
        this.task = null;
    }

    @Override
    public synchronized void startScheduler() {
        if (thread != null) {
            return;
        }
        Path dir = consumer.getEndpoint() instanceof FileEndpoint file ? file.getFile().toPath() : null;
        watchService = watch && dir != null ? register(dir) : null;
        long delayMs = consumer instanceof ScheduledPollConsumer polling
                ? polling.getTimeUnit().toMillis(polling.getDelay()) : 500;
        thread = camelContext.getExecutorServiceManager().newSingleThreadExecutor(this, "maildir-scan");
        WatchService events = watchService;
        thread.execute(() -> scanUntilStopped(events, delayMs));
    }

    @Override
    public synchronized boolean isSchedulerStarted() {
        return thread != null;
    }

    private void scanUntilStopped(WatchService events, long delayMs) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Runnable scan = task;
                if (scan != null) {
                    try {
                        scan.run();
                    } catch (RuntimeException e) {
                        // the consumer logs its own poll failures; the loop must outlive any of them
                        LOG.warn("A scan of new/ failed: {}", e.toString());
                    }
                }
                awaitArrival(events, backlogLeft.getAsBoolean() ? 0 : delayMs);
            }
        } catch (InterruptedException | ClosedWatchServiceException stopped) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for an arrival or the delay, whichever comes first; takes every event that came meanwhile. */
    private static void awaitArrival(WatchService events, long delayMs) throws InterruptedException {
        if (events == null) {
            TimeUnit.MILLISECONDS.sleep(delayMs);
            return;
        }
        WatchKey key = delayMs > 0 ? events.poll(delayMs, TimeUnit.MILLISECONDS) : events.poll();
        while (key != null) {
            key.pollEvents();
            key.reset();
            key = events.poll();
        }
    }

    private static WatchService register(Path dir) {
        try {
            WatchService service = dir.getFileSystem().newWatchService();
            dir.register(service, StandardWatchEventKinds.ENTRY_CREATE);
            return service;
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("Cannot watch {} for arrivals ({}); it is scanned every poll-delay instead", dir, e.toString());
            return null;
        }
    }

    @Override
    protected synchronized void doStop() throws Exception {
        if (thread != null) {
            camelContext.getExecutorServiceManager().shutdownNow(thread);
            thread = null;
        }
        if (watchService != null) {
            watchService.close();
            watchService = null;
        }
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }
}
