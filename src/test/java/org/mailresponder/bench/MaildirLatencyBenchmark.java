package org.mailresponder.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailresponder.testing.RequestMail;
import org.mailresponder.testing.ResponderRouteTest;
import org.mailresponder.testing.TestDatabaseExtension;

/**
 * Maildir-to-outbox latency and throughput of the real routes. Prints figures; asserts nothing about speed.
 * Run with {@code mvn -B test -Pbench -Dtest=MaildirLatencyBenchmark} (add {@code -Dbench.db=mariadb} to count on
 * the MariaDB server instead of the embedded H2).
 */
@Tag("benchmark")
class MaildirLatencyBenchmark extends ResponderRouteTest {

    static final int SEQUENTIAL = Integer.getInteger("bench.sequential", 1000);
    static final int BURST = Integer.getInteger("bench.burst", 5000);
    /** Used only with {@code -Dbench.db=mariadb}. */
    @RegisterExtension
    static final TestDatabaseExtension MARIADB = TestDatabaseExtension.mariaDb();

    @Override
    protected void testProperties(Properties p) {
        p.setProperty("responder.poll-delay", System.getProperty("bench.poll-delay", "50"));
        p.setProperty("responder.rate-limit.daily-limit", "1000000");
        // thousands of senders at one domain: the benchmark measures throughput, not the per-domain cap
        p.setProperty("responder.rate-limit.domain-daily-cap", "0");
        if ("mariadb".equals(System.getProperty("bench.db"))) {
            useDatabase(p, MARIADB);
            p.setProperty("responder.db.pool-size", "12");
        }
    }

    @Test
    void latencyAndThroughput() throws Exception {
        // android@ has one text entry with a small attachment: one answer per request
        for (int i = 0; i < 200; i++) {
            drop("warm-" + i, RequestMail.from("warm" + i + "@mail.example").to("android@responder.test")
                    .messageId("<warm" + i + "." + i + "@mail.example>").bytes());
        }
        awaitDrained();
        clearOutbox();
        resetPeaks();
        long[] e2e = new long[SEQUENTIAL];
        for (int i = 0; i < SEQUENTIAL; i++) {
            long t0 = System.nanoTime();
            drop("seq-" + i, RequestMail.from("seq" + i + "@mail.example").to("android@responder.test")
                    .messageId("<seq" + i + "." + i + "@mail.example>").bytes());
            while (files(outbox()).isEmpty()) {
                Thread.onSpinWait();
            }
            e2e[i] = System.nanoTime() - t0;
            awaitDrained();
            clearOutbox();
        }
        Arrays.sort(e2e);
        Timer pickUpToHandOff = context.getRegistry().findSingleByType(MeterRegistry.class).find("responder.processing").timer();
        System.out.printf("%n=== maildir -> outbox, one request at a time, %d requests (poll-delay %s ms, db %s) ===%n",
                SEQUENTIAL, System.getProperty("bench.poll-delay", "50"), "mariadb".equals(System.getProperty("bench.db")) ? "MariaDB" : "H2 embedded");
        System.out.printf("drop-to-outbox  median %.1f ms  p90 %.1f ms  p99 %.1f ms  max %.1f ms%n",
                ms(e2e[e2e.length / 2]), ms(e2e[(int) (e2e.length * 0.9)]), ms(e2e[(int) (e2e.length * 0.99)]),
                ms(e2e[e2e.length - 1]));
        System.out.printf("pick-up-to-hand-off (responder.processing, all requests so far)  mean %.2f ms  max %.2f ms%n",
                pickUpToHandOff.mean(java.util.concurrent.TimeUnit.MILLISECONDS),
                pickUpToHandOff.max(java.util.concurrent.TimeUnit.MILLISECONDS));
        System.out.printf("peak heap during the sequential run: %.1f MiB%n", peakHeapMiB());

        resetPeaks();
        for (int i = 0; i < BURST; i++) {
            Path tmp = maildir().resolve("tmp").resolve("burst-" + i);
            Files.write(tmp, RequestMail.from("burst" + i + "@mail.example").to("android@responder.test")
                    .messageId("<burst" + i + "." + i + "@mail.example>").bytes());
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < BURST; i++) {
            Files.move(maildir().resolve("tmp").resolve("burst-" + i), maildir().resolve("new").resolve("burst-" + i));
        }
        while (files(maildir().resolve("cur")).size() < BURST + 200 + SEQUENTIAL) {
            Thread.sleep(50);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("burst of %d requests: drained in %.2f s = %.0f answers/s; peak heap %.1f MiB%n%n",
                BURST, seconds, BURST / seconds, peakHeapMiB());
    }

    private void clearOutbox() throws Exception {
        for (Path f : files(outbox())) {
            Files.delete(f);
        }
    }


    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static void resetPeaks() {
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static double peakHeapMiB() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum() / (1024.0 * 1024.0);
    }
}
