package org.mailresponder.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailresponder.testing.RequestMail;

/**
 * SIGTERM in the middle of a burst, on the real service in a child JVM (the main class, the packaged routes and
 * properties, an H2 database and an outbox in a temp folder). After the stop every request is either handled
 * (in cur/, every config entry answered) or untouched in new/ (no answer at all), and nothing is answered twice —
 * also not after a restart that finishes the rest. Duplicates are seen with a file watch on the outbox: every
 * answer arrives by a rename into place, so two arrivals under one name mean the entry was sent twice.
 */
class GracefulShutdownTest {

    private static final int REQUESTS = 1200;
    private static final Pattern IN_REPLY_TO = Pattern.compile("(?im)^In-Reply-To: <(req-\\d+)@client\\.test>");

    @TempDir
    Path work;

    private final Map<String, Integer> arrivals = new ConcurrentHashMap<>();
    private final AtomicBoolean overflow = new AtomicBoolean();

    @Test
    void sigtermDuringABurstAnswersEachRequestOnceOrLeavesItInNew() throws Exception {
        Path maildir = work.resolve("maildir");
        Path outbox = work.resolve("outbox");
        for (String d : new String[] {"new", "cur", "tmp", "failed"}) {
            Files.createDirectories(maildir.resolve(d));
        }
        Files.createDirectories(outbox);
        Thread watcher = watch(outbox);

        Process first = start("first");
        for (int i = 0; i < REQUESTS; i++) {
            drop(maildir, i);
        }
        // Mid-burst: some requests handled, most still waiting.
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
                .until(() -> count(maildir.resolve("cur")) >= 50);
        long termAt = System.nanoTime();
        first.destroy(); // SIGTERM
        assertThat(first.waitFor(90, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
        long stopMillis = (System.nanoTime() - termAt) / 1_000_000;

        long handled = count(maildir.resolve("cur"));
        long waiting = count(maildir.resolve("new"));
        System.err.printf("[GracefulShutdownTest] SIGTERM after >= %d handled; exit code %d after %d ms; "
                + "handled %d, still in new/ %d, failed %d%n", 50, first.exitValue(), stopMillis, handled, waiting,
                count(maildir.resolve("failed")));
        for (Path reason : list(maildir.resolve("failed"))) {
            if (reason.toString().endsWith(".reason")) {
                System.err.println("[GracefulShutdownTest] failed/" + reason.getFileName() + ": " + Files.readString(reason));
            }
        }
        assertThat(waiting).as("the burst was still going when SIGTERM came").isPositive();
        assertThat(count(maildir.resolve("failed"))).as("requests moved to failed/ (reasons above)").isZero();
        assertThat(handled + waiting).isEqualTo(REQUESTS);
        assertEveryRequestAnsweredOnceOrUntouched(maildir, outbox);
        String log = Files.readString(work.resolve("first.log"));
        assertThat(log).contains("shutdown").doesNotContainIgnoringCase("forcing shutdown")
                .doesNotContain("inflight exchange(s) still running");

        // A restart finishes what the first run left in new/, without sending anything a second time.
        Process second = start("second");
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                .until(() -> count(maildir.resolve("new")) == 0);
        second.destroy();
        assertThat(second.waitFor(90, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(300); // let the watcher see the last renames
        watcher.interrupt();

        assertThat(count(maildir.resolve("cur"))).isEqualTo(REQUESTS);
        assertEveryRequestAnsweredOnceOrUntouched(maildir, outbox);
        assertThat(overflow).as("the outbox watch lost events; duplicates could be missed").isFalse();
        Map<String, Integer> twice = new TreeMap<>();
        arrivals.forEach((name, n) -> {
            if (n > 1) {
                twice.put(name, n);
            }
        });
        assertThat(twice).as("answers written more than once").isEmpty();
        assertThat(arrivals).hasSize(expectedAnswers());
    }

    /** Requests in cur/ have every entry in the outbox; requests in new/ have none. */
    private void assertEveryRequestAnsweredOnceOrUntouched(Path maildir, Path outbox) throws IOException {
        Map<String, Integer> answersByRequest = new TreeMap<>();
        for (Path f : list(outbox)) {
            Matcher m = IN_REPLY_TO.matcher(Files.readString(f, StandardCharsets.ISO_8859_1));
            assertThat(m.find()).as(f + " answers a request").isTrue();
            answersByRequest.merge(m.group(1), 1, Integer::sum);
        }
        List<String> wrong = new ArrayList<>();
        for (Path f : list(maildir.resolve("cur"))) {
            String id = requestId(f);
            int expected = entries(id);
            if (answersByRequest.getOrDefault(id, 0) != expected) {
                wrong.add(id + " handled with " + answersByRequest.getOrDefault(id, 0) + "/" + expected + " answers");
            }
        }
        for (Path f : list(maildir.resolve("new"))) {
            String id = requestId(f);
            if (answersByRequest.containsKey(id)) {
                wrong.add(id + " still in new/ but partly answered (" + answersByRequest.get(id) + ")");
            }
        }
        assertThat(wrong).isEmpty();
    }

    private Process start(String name) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path project = Path.of("").toAbsolutePath();
        Path runDir = Files.createDirectories(work.resolve("run"));
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-Xmx384m",
                "-cp", System.getProperty("java.class.path"),
                "-Dresponder.maildir=" + work.resolve("maildir"),
                "-Dresponder.outbox=" + work.resolve("outbox"),
                "-Dresponder.data-dir=" + work.resolve("data"),
                "-Dresponder.db.url=jdbc:h2:file:" + work.resolve("data/responder") + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0",
                "-Dresponder.config=" + project.resolve("config/responder.json"),
                "-Dresponder.buckets-dir=" + project.resolve("config/buckets"),
                "-Dresponder.rate-limit.hash-key=shutdown-test-hash-key-0123",
                // 1,200 senders at one domain: the per-domain cap is not what this test is about
                "-Dresponder.rate-limit.domain-daily-cap=0",
                "-Dresponder.poll-delay=50",
                // A bounded hand-off queue, as recommended for Kubernetes: a burst cannot all be picked up at once,
                // and what was picked up can be finished within the shutdown timeout.
                "-Dresponder.queue-size=100",
                "-Dresponder.max-per-poll=100",
                "org.mailresponder.app.MailResponder", "run"));
        Process p = new ProcessBuilder(cmd).directory(runDir.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve(name + ".log").toFile()).start();
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (!p.isAlive()) {
                throw new AssertionError("the service exited at start:\n" + Files.readString(work.resolve(name + ".log")));
            }
            return Files.readString(work.resolve(name + ".log")).contains("started in");
        });
        return p;
    }

    /** Even requests ask get@ (2 entries: links, then installers), odd ones android@ (1 entry). */
    private static void drop(Path maildir, int i) throws IOException {
        String to = i % 2 == 0 ? "get@responder.test" : "android@responder.test";
        String mail = RequestMail.from("sender" + i + "@client.test").returnPath().to(to).subject("request " + i)
                .messageId("<req-" + i + "@client.test>").date("Thu, 16 May 2024 11:00:00 +0200").plainText()
                .body("please send\r\n").text();
        String name = "req-" + i + ".test";
        Path tmp = maildir.resolve("tmp").resolve(name);
        Files.writeString(tmp, mail, StandardCharsets.US_ASCII);
        Files.move(tmp, maildir.resolve("new").resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private static String requestId(Path maildirFile) {
        String n = maildirFile.getFileName().toString();
        return n.substring(0, n.indexOf(".test"));
    }

    private static int entries(String requestId) {
        return Integer.parseInt(requestId.substring(4)) % 2 == 0 ? 2 : 1;
    }

    private static int expectedAnswers() {
        return REQUESTS / 2 * 2 + REQUESTS / 2;
    }

    private Thread watch(Path outbox) throws IOException {
        WatchService ws = FileSystems.getDefault().newWatchService();
        outbox.register(ws, StandardWatchEventKinds.ENTRY_CREATE);
        Thread t = new Thread(() -> {
            try (ws) {
                while (true) {
                    WatchKey key = ws.take();
                    for (WatchEvent<?> e : key.pollEvents()) {
                        if (e.kind() == StandardWatchEventKinds.OVERFLOW) {
                            overflow.set(true);
                        } else {
                            String name = e.context().toString();
                            if (!name.startsWith(".")) {
                                arrivals.merge(name, 1, Integer::sum);
                            }
                        }
                    }
                    key.reset();
                }
            } catch (InterruptedException | IOException e) {
                // the test is over
            }
        }, "outbox-watch");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static long count(Path dir) throws IOException {
        return list(dir).size();
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> !f.getFileName().toString().startsWith(".")).toList();
        }
    }
}
