package org.mailresponder.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collections;
import java.util.Properties;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailresponder.testing.RequestMail;
import org.mailresponder.testing.ServiceProcess;

/**
 * Every admin command beside a service running on the embedded default (H2 file, in its own JVM, which holds the
 * file locked): the commands reach the service's database through its loopback admin server, their changes take
 * effect on the running service, and the server accepts only a client that knows the key from the owner-only file.
 */
class AdminBesideEmbeddedServiceTest {

    private static final String KEY = "test-hash-key-0123456789";

    @TempDir
    static Path dir;
    private static ServiceProcess service;
    private static CliRun cli;

    @BeforeAll
    static void start() throws Exception {
        ServiceProcess.prepareWorkDir(dir);
        service = ServiceProcess.in(dir).property("responder.rate-limit.hash-key", KEY)
                .property("responder.rate-limit.daily-limit", "1")
                .property("responder.poll-delay", "50")
                .start().awaitStarted(Duration.ofSeconds(90));
        cli = commandsFor(dir).set("responder.rate-limit.daily-limit", "1");
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.close();
            assertThat(dir.resolve("data/responder.server")).as("removed at a graceful stop").doesNotExist();
        }
    }

    /** The settings an operator has in the service's working directory, given as -D from elsewhere. */
    static CliRun commandsFor(Path workDir) {
        return new CliRun()
                .set("responder.db.url", "jdbc:h2:file:" + workDir.resolve("data/responder")
                        + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0")
                .set("responder.data-dir", workDir.resolve("data").toString())
                .set("responder.rate-limit.hash-key", KEY)
                .set("responder.config", workDir.resolve("config/responder.json").toString())
                .set("responder.buckets-dir", workDir.resolve("config/buckets").toString())
                .set("responder.maildir", workDir.resolve("data/maildir").toString())
                .set("responder.outbox", workDir.resolve("data/outbox").toString());
    }

    private static int answersTo(String from) throws Exception {
        String id = "r" + System.nanoTime();
        Path maildir = dir.resolve("data/maildir");
        Path tmp = maildir.resolve("tmp").resolve(id);
        Files.write(tmp, RequestMail.from(from).to("get+fa@responder.test").messageId("<" + id + "@client.example>")
                .bytes());
        Files.move(tmp, maildir.resolve("new").resolve(id));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(maildir.resolve("new").resolve(id)));
        Path outbox = dir.resolve("data/outbox");
        if (!Files.isDirectory(outbox)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(outbox)) {
            return (int) files.filter(f -> {
                try {
                    return Files.readString(f, StandardCharsets.ISO_8859_1).contains("<" + id + "@client.example>");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).count();
        }
    }

    @Test
    void limitsCommandsChangeWhatTheRunningServiceDoes() throws Exception {
        assertThat(cli.run("limits", "block", "blocked.one@gmail.com").exit()).isZero();
        assertThat(answersTo("BlockedOne+x@googlemail.com")).isZero();
        CliRun.Result shown = cli.run("limits", "show", "blockedone@gmail.com");
        assertThat(shown.exit()).as(shown.err()).isZero();
        assertThat(shown.out()).contains("address list: blocked");
        assertThat(cli.run("limits", "unblock", "blocked.one@gmail.com").exit()).isZero();
        assertThat(answersTo("blocked.one@gmail.com")).isEqualTo(1);
        assertThat(answersTo("blocked.one@gmail.com")).as("over the limit of 1").isZero();

        assertThat(cli.run("limits", "clear-day", "blocked.one@gmail.com").exit()).isZero();
        assertThat(answersTo("blocked.one@gmail.com")).isEqualTo(1);
        assertThat(cli.run("limits", "allow", "gmail.com").exit()).isZero();
        assertThat(answersTo("blocked.one@gmail.com")).as("allowed domain").isEqualTo(1);
        assertThat(cli.run("limits", "unallow", "gmail.com").exit()).isZero();
        assertThat(cli.run("limits", "clear-day").exit()).isZero();
        assertThat(cli.run("limits", "show").out()).contains("0 sender(s) counted");
    }

    @Test
    void configValidatePreviewPostfixMapsAndStatsWork() {
        CliRun.Result validate = cli.run("config", "validate");
        assertThat(validate.exit()).as(validate.err()).isZero();
        assertThat(validate.out()).startsWith("valid: " + dir.resolve("config/responder.json"));

        CliRun.Result preview = cli.run("preview", "--to", "get@responder.test", "--from", "reader@example.com",
                "--headers-only");
        assertThat(preview.exit()).as(preview.err()).isZero();
        assertThat(preview.out()).contains("would be answered with 2 mail(s)");

        CliRun.Result maps = cli.run("postfix-maps");
        assertThat(maps.exit()).as(maps.err()).isZero();
        assertThat(maps.out()).contains("get@responder.test\tresponder@localhost");

        CliRun.Result stats = cli.run("stats", "--day", "2026-01-01");
        assertThat(stats.exit()).as(stats.err()).isZero();
        assertThat(stats.out()).startsWith("mail-responder statistics for 2026-01-01");
    }

    @Test
    void sendDeliversThroughTheServicesTransportAndRecordsInItsDatabase() throws Exception {
        CliRun.Result sent = cli.run("send", "--address", "get+fa@responder.test", "--to", "direct@client.example",
                "--subject", "links");
        assertThat(sent.exit()).as(sent.err()).isZero();
        assertThat(sent.out()).startsWith("sent 1 of 1 mail(s) for get+fa@responder.test");
        try (Stream<Path> outbox = Files.list(dir.resolve("data/outbox"))) {
            assertThat(outbox.filter(f -> {
                try {
                    return Files.readString(f, StandardCharsets.ISO_8859_1).contains("To: direct@client.example");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            })).hasSize(1);
        }
        Properties server = new Properties();
        try (var r = Files.newBufferedReader(dir.resolve("data/responder.server"))) {
            server.load(r);
        }
        try (var c = DriverManager.getConnection(server.getProperty("url"), "sa", "");
             var rs = c.createStatement().executeQuery("SELECT address, entries_sent FROM operator_send")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("get+fa@responder.test");
            assertThat(rs.getInt(2)).isEqualTo(1);
        }
    }

    @Test
    void theAdminServerIsOnLoopbackAndNeedsTheKeyFromAnOwnerOnlyFile() throws Exception {
        Path advertisement = dir.resolve("data/responder.server");
        assertThat(Files.getPosixFilePermissions(advertisement)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        Properties p = new Properties();
        try (var r = Files.newBufferedReader(advertisement)) {
            p.load(r);
        }
        String url = p.getProperty("url");
        assertThat(url).matches("jdbc:h2:tcp://127\\.0\\.0\\.1:\\d+/[0-9a-f]{64};MODE=MySQL;DATABASE_TO_LOWER=TRUE");
        try (var c = DriverManager.getConnection(url, "sa", "")) {
            assertThat(c.isValid(2)).isTrue();
        }
        String withoutKey = url.replaceAll("/[0-9a-f]{64}", "/" + dir.resolve("data/responder"));
        try (var c = DriverManager.getConnection(withoutKey, "sa", "")) {
            throw new AssertionError("the database path alone opened the database");
        } catch (SQLException refused) {
            assertThat(refused.getErrorCode()).isEqualTo(28000);  // wrong user or password
        }
        int port = Integer.parseInt(url.replaceAll(".*:(\\d+)/.*", "$1"));
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (!a.isLoopbackAddress() && a instanceof java.net.Inet4Address) {
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress(a, port), 1000);
                        throw new AssertionError("the admin server accepts connections on " + a);
                    } catch (java.io.IOException refused) {
                        // bound to 127.0.0.1 only
                    }
                }
            }
        }
    }

    @Test
    void aServiceThatDoesNotServeItsDatabaseIsReportedAsHoldingTheLockNotAsUnreachable() throws Exception {
        Path other = Files.createDirectories(dir.resolve("other"));
        ServiceProcess.prepareWorkDir(other);
        try (ServiceProcess locked = ServiceProcess.in(other).property("responder.db.admin-server", "false")
                .property("responder.rate-limit.hash-key", KEY).start().awaitStarted(Duration.ofSeconds(90))) {
            CliRun.Result r = commandsFor(other).run("limits", "show");
            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.err().strip()).startsWith("show: the H2 database file " + other.resolve("data/responder.mv.db")
                    + " is locked by another process").doesNotContain("cannot reach");
        }
    }
}
