package org.mailresponder.recovery;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mailresponder.testing.RequestMail;
import org.mailresponder.testing.TestDatabase;
import org.mailresponder.testing.TestDatabaseExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service in a child JVM is killed with SIGKILL in the middle of a burst and started again. Every request must
 * end in cur/ and no (request, entry) may be answered twice. Claims the kill left unconfirmed are found by the next
 * start, which logs and exports their count; on the outbox transport it checks each one, so a claimed answer that
 * was never written is sent after all: none is lost.
 */
class KillNineRecoveryTest {

    static final int REQUESTS = 300;

    @TempDir
    Path work;

    /** Made only for the MariaDB run; the H2 run uses the service's embedded default in its data folder. */
    @RegisterExtension
    final TestDatabaseExtension mariaDb = TestDatabaseExtension.mariaDb();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "mariadb"})
    void killDuringABurstLosesNoRequestAndDuplicatesNoAnswer(String db) throws Exception {
        TestDatabase mariadb = db.equals("mariadb") ? mariaDb.database() : null;
        try {
            Path maildir = work.resolve("maildir");
            Files.createDirectories(maildir.resolve("new"));
            Files.createDirectories(maildir.resolve("tmp"));
            for (int i = 0; i < REQUESTS; i++) {
                Path tmp = maildir.resolve("tmp").resolve("req-" + i);
                Files.write(tmp, RequestMail.from("user" + i + "@mail.example")
                        .messageId("<kill-" + i + "@mail.example>")
                        .bytes());
                Files.move(tmp, maildir.resolve("new").resolve("req-" + i));
            }
            int managementPort = org.mailresponder.testing.ResponderRouteTest.freePort();
            List<String> args = new ArrayList<>(List.of(
                    "-Dresponder.config=" + Path.of("config/responder.json").toAbsolutePath(),
                    "-Dresponder.buckets-dir=" + Path.of("config/buckets").toAbsolutePath(),
                    "-Dresponder.rate-limit.hash-key=kill-nine-test-key-0123",
                    "-Dresponder.poll-delay=20", "-Dresponder.workers=4",
                    // 300 senders at one domain: the per-domain cap is not what this test is about
                    "-Dresponder.rate-limit.domain-daily-cap=0",
                    "-Dcamel.management.port=" + managementPort));
            if (mariadb != null) {
                args.add("-Dresponder.db.url=" + mariadb.url());
                args.add("-Dresponder.db.user=root");
                args.add("-Dresponder.db.password=");
            }
            Path outbox = work.resolve("data/outbox");
            Process first = start(args);
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
                    .until(() -> count(outbox) >= REQUESTS / 2);
            first.destroyForcibly().waitFor();
            long inNewAfterKill = count(maildir.resolve("new"));

            Process second = start(args);
            String metrics;
            try {
                Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> count(maildir.resolve("new")) == 0);
                metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + managementPort + "/observe/metrics")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            } finally {
                second.destroy();
                second.waitFor();
            }
            assertThat(count(maildir.resolve("cur"))).isEqualTo(REQUESTS);
            assertThat(count(maildir.resolve("failed"))).as(() -> "failed/: " + reasons(maildir.resolve("failed"))).isZero();

            Map<String, Integer> perAnswer = new HashMap<>();
            try (Stream<Path> s = Files.list(outbox)) {
                s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".eml"))
                        .forEach(n -> perAnswer.merge(n.replaceAll("-[0-9a-f]{8}\\.eml$", ""), 1, Integer::sum));
            }
            List<String> duplicates = perAnswer.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
            assertThat(duplicates).as("answers sent twice").isEmpty();
            int lost = 2 * REQUESTS - perAnswer.size();
            long confirmed = gauge(metrics, "confirmed");
            long released = gauge(metrics, "released");
            long unverifiable = gauge(metrics, "unverifiable");
            System.out.printf("[kill -9, %s] %d requests x 2 entries: %d answers sent once, %d lost, 0 duplicates; "
                    + "%d requests were still in new/ at the kill; the restart found %d unconfirmed claims: "
                    + "%d written before the kill (confirmed), %d never written (sent now), %d unverifiable%n",
                    db, REQUESTS, perAnswer.size(), lost, inNewAfterKill, confirmed + released + unverifiable,
                    confirmed, released, unverifiable);
            assertThat(lost).as("the outbox check sends what the kill cut off").isZero();
            assertThat(unverifiable).isZero();
            assertThat(confirmed + released).as("a kill mid-burst leaves claims unconfirmed").isPositive();
            assertThat(Files.readString(work.resolve("service.log")))
                    .contains((confirmed + released) + " answer claim(s) of node ");
        } finally {
            for (Process p : started) {
                p.destroyForcibly().waitFor();
            }
            // kept for whoever reads a failure: both runs' output, in target/
            if (Files.exists(work.resolve("service.log"))) {
                Files.copy(work.resolve("service.log"), Path.of("target", "kill-nine-" + db + ".log"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private final List<Process> started = new ArrayList<>();

    private Process start(List<String> props) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(props);
        cmd.add("-Dresponder.maildir=" + work.resolve("maildir"));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("org.mailresponder.app.MailResponder");
        Process p = new ProcessBuilder(cmd).directory(work.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("service.log").toFile()))
                .start();
        started.add(p);
        return p;
    }

    private static String reasons(Path failed) {
        try (Stream<Path> s = Files.list(failed)) {
            return s.filter(p -> p.toString().endsWith(".reason")).map(p -> {
                try {
                    return Files.readString(p).lines().limit(3).reduce("", (a, b) -> a + b + " | ");
                } catch (java.io.IOException e) {
                    return e.toString();
                }
            }).toList().toString();
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    private static long gauge(String metrics, String result) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^responder_claims_unconfirmed\\{[^}]*result=\""
                + result + "\"[^}]*\\} ([0-9.]+)$", java.util.regex.Pattern.MULTILINE).matcher(metrics);
        assertThat(m.find()).as("responder_claims_unconfirmed{result=" + result + "} exported").isTrue();
        return (long) Double.parseDouble(m.group(1));
    }

    private static long count(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).count();
        }
    }

}
