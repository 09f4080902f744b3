package org.mailresponder.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailresponder.camel.MaildirFilter;
import org.mailresponder.inbound.MaildirFiles;

/**
 * What a scan of {@code new/} costs per waiting file, with the service's oldest-first choice ({@link MaildirFilter}
 * as the file consumer's filter and poll strategy) and, for reference, with the file component alone taking files
 * in directory order. Under a backlog a scan happens once per max-per-poll requests and looks at every waiting file,
 * so this is the part of a request's cost that grows with the backlog. The files stay where they are (noop), so
 * every scan sees the whole backlog; each takes 500. Backlogs of 1,000, 10,000 and 50,000, variants alternating by
 * round after one that warms both up; prints process CPU per scan and per waiting file per scan, asserts nothing about speed. Run with
 * {@code mvn -B test -Pbench -Dtest=MaildirScanBenchmark} ({@code -Dbench.scans=N} per measurement, 20).
 */
@Tag("benchmark")
class MaildirScanBenchmark {

    static final int PER_SCAN = 500;
    static final int SCANS = Integer.getInteger("bench.scans", 20);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 3);

    @TempDir
    Path dir;

    @Test
    void scanCostPerWaitingFile() throws Exception {
        System.out.printf("maildir scan, %d files taken per scan, %d scans per measurement: process CPU per scan and"
                + " per waiting file per scan%n", PER_SCAN, SCANS);
        for (int backlog : List.of(1_000, 10_000, 50_000)) {
            Path maildir = dir.resolve("backlog-" + backlog);
            Path waiting = Files.createDirectories(maildir.resolve("new"));
            for (int i = 0; i < backlog; i++) {
                Files.writeString(waiting.resolve(i + ".bench.host"), "Subject: waiting\r\n\r\nbody\r\n");
            }
            // round 0 warms the JIT for both variants and is not printed
            for (int round = 0; round <= ROUNDS; round++) {
                List<Boolean> order = round % 2 == 1 ? List.of(true, false) : List.of(false, true);
                for (boolean oldestFirst : order) {
                    measure(maildir, backlog, round, oldestFirst);
                }
            }
        }
    }

    private static void measure(Path maildir, int backlog, int round, boolean oldestFirst) throws Exception {
        // the first scan is not counted: it pays for the route's start
        int exchanges = (SCANS + 1) * PER_SCAN;
        CountDownLatch firstScan = new CountDownLatch(PER_SCAN);
        CountDownLatch taken = new CountDownLatch(exchanges);
        CamelContext context = new DefaultCamelContext();
        String options = "noop=true&idempotent=false&delay=1&initialDelay=0&maxMessagesPerPoll=" + PER_SCAN;
        if (oldestFirst) {
            MaildirFilter filter = new MaildirFilter(new MaildirFiles(maildir, 1 << 20, (reason, start) -> {
                throw new IllegalStateException("refused a benchmark file: " + reason);
            }, Clock.systemUTC()));
            context.getRegistry().bind("maildirFiles", filter);
            options += "&filter=#maildirFiles&pollStrategy=#maildirFiles";
        }
        String uri = "file:" + maildir.resolve("new") + "?" + options;
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).process(e -> {
                    firstScan.countDown();
                    taken.countDown();
                });
            }
        });
        context.start();
        firstScan.await(10, TimeUnit.MINUTES);
        long cpu0 = processCpuNanos();
        long wall0 = System.nanoTime();
        boolean done = taken.await(10, TimeUnit.MINUTES);
        long cpu = processCpuNanos() - cpu0;
        long wall = System.nanoTime() - wall0;
        context.close();
        if (!done) {
            throw new IllegalStateException("the scans did not take " + exchanges + " files in 10 minutes");
        }
        if (round == 0) {
            return;
        }
        double perScanMs = cpu / 1e6 / SCANS;
        System.out.printf("backlog %6d  round %d  %-15s  %7.1f CPU ms per scan  %5.2f CPU us per waiting file per"
                        + " scan  (%.1f s)%n", backlog, round, oldestFirst ? "oldest-first" : "directory-order",
                perScanMs, perScanMs * 1000 / backlog, wall / 1e9);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
