package org.mailresponder.camel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailresponder.inbound.MaildirFiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scheduler on a plain Camel file consumer: woken by arrivals, and polling by the delay when told not to watch;
 * and on the maildir's own filter, draining a backlog larger than a scan's limit without waiting the delay between
 * scans, unless the scans make no progress.
 */
class WakeOnArrivalTest {

    @TempDir
    Path dir;

    private final List<String> taken = new CopyOnWriteArrayList<>();

    @Test
    void anArrivalIsTakenLongBeforeTheDelay() throws Exception {
        try (CamelContext context = consume(true, 600_000)) {
            Awaitility.await().pollDelay(Duration.ofMillis(300)).until(() -> true);
            arrive("a");
            arrive("b");
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> taken.size() == 2);
            assertThat(taken).containsExactlyInAnyOrder("a", "b");
        }
    }

    @Test
    void withoutWatchingItScansEveryDelay() throws Exception {
        try (CamelContext context = consume(false, 100)) {
            Awaitility.await().pollDelay(Duration.ofMillis(300)).until(() -> true);
            arrive("polled");
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> taken.size() == 1);
            assertThat(taken).containsExactly("polled");
        }
    }

    @Test
    void aBacklogLargerThanAScanTakesIsTakenWithoutWaitingTheDelayBetweenScans() throws Exception {
        // all waiting before the first scan, so no arrival wakes a later one: only the backlog check can
        for (int i = 0; i < 10; i++) {
            waiting("m" + i, i);
        }
        try (CamelContext context = consumeOldestFirst(600_000, exchange -> { })) {
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> taken.size() == 10);
            assertThat(taken).containsExactly("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9");
        }
    }

    @Test
    void scansThatTakeNothingAwayWaitTheDelay() throws Exception {
        for (int i = 0; i < 10; i++) {
            waiting("m" + i, i);
        }
        // every request fails and its file stays in new/ (as in a database outage): the next scan chooses the same
        // three, and the one after that must wait the delay, not list new/ again as fast as the disk allows
        AtomicInteger tries = new AtomicInteger();
        try (CamelContext context = consumeOldestFirst(600_000, exchange -> {
            tries.incrementAndGet();
            throw new IllegalStateException("the database is down");
        })) {
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> tries.get() >= 6);
            // two scans of three: the first, and one more that made no progress; then none for a second
            Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2))
                    .until(() -> tries.get() == 6);
            assertThat(taken).containsExactly("m0", "m1", "m2", "m0", "m1", "m2");
        }
    }

    private CamelContext consume(boolean watch, long delayMs) throws Exception {
        return consume(new WakeOnArrival(watch, () -> false), "delete=true&delay=" + delayMs, exchange -> { }, null);
    }

    /** Three files a scan, oldest first, through the maildir's own filter and poll strategy; only the delay wakes. */
    private CamelContext consumeOldestFirst(long delayMs, Processor work) throws Exception {
        MaildirFilter filter = new MaildirFilter(new MaildirFiles(dir.resolve("maildir"), 1 << 20,
                (reason, start) -> { }, Clock.systemUTC()));
        return consume(new WakeOnArrival(false, filter::backlogLeft), "delete=true&maxMessagesPerPoll=3"
                + "&pollStrategy=#filter&filter=#filter&sortBy=file:modified&delay=" + delayMs, work, filter);
    }

    /** @param filter bound as {@code #filter} for the options to name, or null */
    private CamelContext consume(WakeOnArrival wake, String options, Processor work, MaildirFilter filter)
            throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.getRegistry().bind("wake", wake);
        if (filter != null) {
            context.getRegistry().bind("filter", filter);
        }
        Files.createDirectories(dir.resolve("in"));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("file:" + dir.resolve("in") + "?scheduler=#wake&" + options)
                        .process(e -> taken.add(e.getIn().getHeader("CamelFileName", String.class)))
                        .process(work);
            }
        });
        context.start();
        return context;
    }

    private void arrive(String name) throws Exception {
        Path tmp = Files.writeString(dir.resolve(name), "x");
        Files.move(tmp, dir.resolve("in").resolve(name));
    }

    /** A request already in new/, written seconds apart so their order is their age. */
    private void waiting(String name, int seconds) throws Exception {
        Files.createDirectories(dir.resolve("in"));
        Path file = Files.writeString(dir.resolve("in").resolve(name), "Subject: x\r\n\r\nbody\r\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-11-27T12:00:00Z").plusSeconds(seconds)));
    }
}
