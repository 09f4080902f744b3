package org.mailresponder.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The black-box benchmark's readings, checked on what the real producers write: a GC log written by a JVM that
 * collected, this JVM's own /proc entries, and answers matched to requests by their Message-IDs.
 */
class BenchmarkPartsTest {

    /** Allocates enough to make a 32 MiB heap collect several times; run in a child JVM with GC logging. */
    public static void main(String[] args) {
        byte[][] keep = new byte[8][];
        for (int i = 0; i < 400; i++) {
            keep[i % keep.length] = new byte[1024 * 1024];
        }
        System.out.println(keep.length);
    }

    @Test
    void theHeapBeforeAndAfterEachCollectionIsReadFromARealGcLog(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("gc.log");
        Process p = new ProcessBuilder(ServiceProcess.javaCommand(), "-Xmx32m", "-XX:+UseG1GC",
                "-Xlog:gc:file=" + log + ":uptime", "-cp", System.getProperty("java.class.path"),
                BenchmarkPartsTest.class.getName()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        List<String> lines = Files.readAllLines(log);
        long pauses = lines.stream().filter(l -> l.contains("Pause") && l.contains("M->")).count();
        List<ServiceProcess.Gc> gcs = ServiceProcess.collections(log);

        assertThat(pauses).as("the child JVM collected").isGreaterThan(0);
        assertThat(gcs).as("every pause line of:\n" + String.join("\n", lines)).hasSize((int) pauses);
        for (ServiceProcess.Gc gc : gcs) {
            assertThat(gc.kind()).startsWith("Pause");
            assertThat(gc.beforeMiB()).isBetween(1, 32);
            assertThat(gc.afterMiB()).isBetween(0, 32);
            assertThat(gc.committedMiB()).isBetween(1, 32);
            assertThat(gc.uptime()).isPositive();
        }
    }

    @Test
    void cpuTimeOfARunningProcessIsReadFromProc() {
        double before = ServiceProcess.cpuMillis(Path.of("/proc/self/stat"));
        long spin = System.nanoTime() + 300_000_000L;
        long x = 0;
        while (System.nanoTime() < spin) {
            x += System.nanoTime() % 7;
        }
        double after = ServiceProcess.cpuMillis(Path.of("/proc/self/stat"));
        assertThat(x).isPositive();
        assertThat(after - before).as("a 300 ms spin costs CPU").isGreaterThanOrEqualTo(100);
    }

    @Test
    void answersAreMatchedToTheirRequestsByMessageId() {
        String id = BenchRequests.messageId("rate300", 1234);
        assertThat(BenchRequests.indexOf("rate300", id)).isEqualTo(1234);
        assertThat(BenchRequests.indexOf("rate30", id)).isEqualTo(-1);
        assertThat(BenchRequests.indexOf("text", null)).isEqualTo(-1);
        String request = new String(BenchRequests.request("text", 7, BenchRequests.TEXT_ADDRESS),
                java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(request).contains("Message-ID: <" + BenchRequests.messageId("text", 7) + ">\r\n")
                .contains("X-Original-To: " + BenchRequests.TEXT_ADDRESS);
    }

    @Test
    void percentilesIgnoreUnansweredRequests() {
        double[] p = BlackBoxBenchmark.percentiles(new double[] {5, Double.NaN, 1, 3, 2, 4}, 0.5, 0.99, 1.0);
        assertThat(p).containsExactly(3.0, 5.0, 5.0);
    }
}
