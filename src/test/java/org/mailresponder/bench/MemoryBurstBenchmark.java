package org.mailresponder.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.mailresponder.testing.ResponderRouteTest;

/**
 * Peak resident memory (RSS) of the service under a burst of maximum-size requests, for JVM flag sets side by
 * side. The service runs in its own JVM with {@code -XX:MaxRAM=1g}, so percentage flags see what they see in the
 * pod (memory limit 1 GiB, k8s/base/statefulset.yaml). The burst: {@code bench.burst} requests of exactly
 * responder.inbound.max-bytes (8,192,000 bytes), half answerable requests, half bounces forwarded to the admins with
 * the 8 MB original attached (the path that copies the most). Prints peak RSS (VmHWM), heap and metaspace used,
 * and the time to drain; asserts nothing about memory. Run with
 * {@code mvn -B test -Pbench -Dtest=MemoryBurstBenchmark} (optional {@code -Dbench.burst=60 -Dbench.rounds=2}).
 */
@Tag("benchmark")
class MemoryBurstBenchmark {

    static final int BURST = Integer.getInteger("bench.burst", 60);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 2);
    static final int MAX_BYTES = 8_192_000;

    /**
     * The flag sets compared: the image's caps (pom.xml's JAVA_TOOL_OPTIONS, k8s/base) with the collector it uses now
     * (Parallel), with G1 (its collector until the ninth session) and with Serial (the JVM's own choice under 1792 MB).
     */
    static final Map<String, List<String>> VARIANTS = new LinkedHashMap<>();

    static {
        List<String> caps = List.of("-XX:MaxRAMPercentage=50", "-XX:MaxMetaspaceSize=128m",
                "-XX:ReservedCodeCacheSize=64m", "-XX:MaxDirectMemorySize=64m", "-Xss512k");
        for (String gc : List.of("Parallel", "G1", "Serial")) {
            List<String> flags = new ArrayList<>(caps);
            flags.add("-XX:+Use" + gc + "GC");
            VARIANTS.put("caps, " + gc + " GC", flags);
        }
    }

    @Test
    void peakRssUnderABurstOfMaximumSizeRequests() throws Exception {
        Path root = Files.createTempDirectory("mail-responder-rss-");
        List<String> lines = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            for (Map.Entry<String, List<String>> v : VARIANTS.entrySet()) {
                lines.add(String.format("round %d  %-26s %s", round, v.getKey(), run(root.resolve(round + "-" + lines.size()),
                        v.getValue())));
                System.out.println(lines.get(lines.size() - 1));
            }
        }
        System.out.printf("%n=== peak RSS, burst of %d requests of %d bytes, -XX:MaxRAM=1g (the pod's limit) ===%n",
                BURST, MAX_BYTES);
        lines.forEach(System.out::println);
        delete(root);
    }

    private String run(Path dir, List<String> flags) throws Exception {
        Path maildir = dir.resolve("maildir");
        for (String sub : List.of("new", "tmp", "cur", "failed")) {
            Files.createDirectories(maildir.resolve(sub));
        }
        int port = ResponderRouteTest.freePort();
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-XX:MaxRAM=1g", "-XX:+ExitOnOutOfMemoryError"));
        cmd.addAll(flags);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"),
                "-Dresponder.maildir=" + maildir, "-Dresponder.outbox=" + dir.resolve("outbox"),
                "-Dresponder.data-dir=" + dir.resolve("data"),
                "-Dresponder.db.url=jdbc:h2:file:" + dir.resolve("data/responder")
                        + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0",
                "-Dresponder.rate-limit.hash-key=bench-hash-key-0123456789",
                "-Dresponder.rate-limit.daily-limit=100000",
                "-Dcamel.management.port=" + port, "org.mailresponder.app.MailResponder"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(Path.of("").toAbsolutePath().toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("service.log").toFile());
        pb.environment().put("MALLOC_ARENA_MAX", "2");
        Process p = pb.start();
        try {
            awaitReady(port, p);
            long before = rssKb(p.pid(), "VmRSS");
            for (int i = 0; i < BURST; i++) {
                Files.write(maildir.resolve("tmp/req-" + i), request(i));
            }
            // written first, then renamed into new/ together: the service sees the whole burst at once
            long t0 = System.nanoTime();
            for (int i = 0; i < BURST; i++) {
                Files.move(maildir.resolve("tmp/req-" + i), maildir.resolve("new/req-" + i), StandardCopyOption.ATOMIC_MOVE);
            }
            while (count(maildir.resolve("new")) > 0) {
                if (!p.isAlive()) {
                    return "DIED (exit " + p.exitValue() + ") with " + count(maildir.resolve("new")) + " left in new/";
                }
                Thread.sleep(50);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            String metrics = get(port, "/observe/metrics");
            return String.format("peak RSS %4d MiB (idle %3d MiB)  heap used after %s  metaspace %s  longest GC pause %s  "
                            + "drained in %.1f s  (%d answered or forwarded, %d failed)", rssKb(p.pid(), "VmHWM") / 1024,
                    before / 1024,
                    mib(metrics, "jvm_memory_used_bytes\\{area=\"heap\"", true), mib(metrics, "jvm_memory_used_bytes\\{area=\"nonheap\",id=\"Metaspace\"", false),
                    longestPause(metrics), seconds, count(maildir.resolve("cur")), count(maildir.resolve("failed")) / 2);
        } finally {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    /** Exactly MAX_BYTES: even requests ask get@ (two answers), odd ones are bounces (forwarded whole). */
    static byte[] request(int i) {
        String head = i % 2 == 0
                ? "X-Original-To: get@responder.test\r\nFrom: big" + i + "@mail.example\r\nSubject: big\r\n"
                : "X-Original-To: get@responder.test\r\nFrom: MAILER-DAEMON@mx.example\r\nSubject: Undelivered\r\n";
        head += "Message-ID: <big" + i + "@mail.example>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\n";
        byte[] out = new byte[MAX_BYTES];
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(h, 0, out, 0, h.length);
        for (int j = h.length; j < out.length; j++) {
            out[j] = (byte) ((j - h.length) % 78 == 76 ? '\r' : (j - h.length) % 78 == 77 ? '\n' : 'a' + j % 26);
        }
        return out;
    }

    private static void awaitReady(int port, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && p.isAlive()) {
            try {
                if (HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/observe/health/ready")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("service did not become ready");
    }

    private static String get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Sum (heap: over pools) of the gauge lines matching, in MiB; the maximum seen is the metric's own value now. */
    private static String mib(String metrics, String prefix, boolean sum) {
        double total = 0;
        for (String line : metrics.split("\n")) {
            if (line.matches(prefix + ".*")) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                if (!sum) {
                    break;
                }
            }
        }
        return String.format("%d MiB", (long) (total / 1024 / 1024));
    }

    /** The longest collection pause of the run, in ms (Micrometer's jvm_gc_pause_seconds_max, over every collector). */
    private static String longestPause(String metrics) {
        double max = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("jvm_gc_pause_seconds_max{")) {
                max = Math.max(max, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
            }
        }
        return String.format("%.0f ms", max * 1000);
    }

    private static long rssKb(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    private static long count(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> !f.getFileName().toString().startsWith(".")).count();
        }
    }

    private static void delete(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
