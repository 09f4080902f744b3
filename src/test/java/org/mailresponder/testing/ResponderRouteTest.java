package org.mailresponder.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.mailresponder.app.ResponderService;
import org.mailresponder.admin.ResponderProperties;

/**
 * Boots the real service (the main class's configuration, the project's {@code routes/*.yaml} and
 * {@code application.properties}) against a private working folder: maildir, outbox, data and config under a
 * temp dir. Subclasses add properties with {@link #testProperties(Properties)}.
 */
public abstract class ResponderRouteTest extends CamelMainTestSupport {

    /** The project directory, where Maven runs the tests. */
    protected static final Path PROJECT = Path.of("").toAbsolutePath();

    private Path work;

    /**
     * This test's private working folder. Created lazily because Camel's test support reads the properties in its
     * constructor, before JUnit could inject a {@code @TempDir}.
     */
    protected Path work() {
        if (work == null) {
            try {
                work = Files.createTempDirectory("mail-responder-test-");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return work;
    }

    private int managementPort;

    /** Port of this test's management HTTP server (health, metrics) on 127.0.0.1, free when first asked for. */
    protected int managementPort() {
        if (managementPort == 0) {
            managementPort = freePort();
        }
        return managementPort;
    }

    public static int freePort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void deleteWorkFolder() throws IOException {
        if (work != null && Files.isDirectory(work)) {
            try (Stream<Path> all = Files.walk(work)) {
                all.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    protected Path maildir() {
        return work().resolve("maildir");
    }

    protected Path outbox() {
        return work().resolve("outbox");
    }

    @Override
    protected String getPropertyPlaceholderLocations() {
        return ResponderService.propertiesLocation(PROJECT);
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        ResponderService.configure(configuration, PROJECT);
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = new Properties();
        p.setProperty("responder.maildir", maildir().toString());
        p.setProperty("responder.outbox", outbox().toString());
        p.setProperty("responder.data-dir", work().resolve("data").toString());
        // the packaged default URL, moved into the work folder, so tests run the embedded default's H2 settings
        p.setProperty("responder.db.url", ResponderProperties.load(PROJECT).get("responder.db.url")
                .replace("./data/", work().resolve("data") + "/"));
        p.setProperty("responder.config", PROJECT.resolve("config/responder.json").toString());
        p.setProperty("responder.buckets-dir", PROJECT.resolve("config/buckets").toString());
        p.setProperty("responder.rate-limit.hash-key", "test-hash-key-0123456789");
        p.setProperty("responder.poll-delay", "50");
        p.setProperty("responder.retry.initial-delay", "50");
        // Parallel builds on one machine must not fight over the management port.
        p.setProperty("camel.management.port", String.valueOf(managementPort()));
        testProperties(p);
        return p;
    }

    /** Points the service at a test database instead of the embedded default. */
    protected static void useDatabase(Properties p, TestDatabase db) {
        p.setProperty("responder.db.url", db.url());
        p.setProperty("responder.db.user", db.user());
        p.setProperty("responder.db.password", db.password());
    }

    protected static void useDatabase(Properties p, TestDatabaseExtension db) {
        useDatabase(p, db.database());
    }

    /** Sends answers by SES to a test endpoint (the emulator or a proxy in front of it), with the emulator's keys. */
    protected static void useSes(Properties p, String endpoint) {
        p.setProperty("responder.delivery.method", "ses");
        p.setProperty("responder.ses.endpoint", endpoint);
        p.setProperty("responder.ses.access-key", "test-access-key");
        p.setProperty("responder.ses.secret-key", "test-secret-key");
    }

    /** Answers from a responder config written into this test's folder instead of the packaged sample. */
    protected void useConfig(Properties p, String json) {
        Path config = work().resolve("responder.json");
        try {
            Files.writeString(config, json);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        p.setProperty("responder.config", config.toString());
    }

    /** Override to change properties for one test class. */
    protected void testProperties(Properties p) {
    }

    /** Drops a request into new/ the way an MDA does (tmp/ then rename). */
    protected Path drop(String name, byte[] message) throws IOException {
        Files.createDirectories(maildir().resolve("tmp"));
        Files.createDirectories(maildir().resolve("new"));
        Path tmp = maildir().resolve("tmp").resolve(name);
        Files.write(tmp, message);
        return Files.move(tmp, maildir().resolve("new").resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    protected List<Path> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> !f.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }

    /** Waits until new/ is empty: every dropped request has reached its final folder. */
    protected void awaitDrained() {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(25))
                .until(() -> files(maildir().resolve("new")).isEmpty());
    }
}
