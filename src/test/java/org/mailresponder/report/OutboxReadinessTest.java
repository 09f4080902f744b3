package org.mailresponder.report;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import org.apache.camel.health.HealthCheck;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.mailresponder.camel.ReadinessCheck;
import org.mailresponder.testing.ResponderRouteTest;
import org.mailresponder.testing.SmallFilesystem;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Readiness follows the outbox, on a real small filesystem: not ready while it is full (less free than
 * responder.health.outbox-min-free-bytes) or mounted read-only (which even root cannot write), ready again when
 * space or writability comes back; liveness stays up throughout.
 */
class OutboxReadinessTest extends ResponderRouteTest {

    static SmallFilesystem fs;

    static Path outboxOnSmallFs() {
        if (fs == null) {
            try {
                fs = SmallFilesystem.mount(2 * 1024 * 1024);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        return fs.dir().resolve("outbox");
    }

    @AfterAll
    static void unmount() throws Exception {
        if (fs != null) {
            fs.close();
        }
    }

    @Override
    protected void testProperties(Properties p) {
        p.setProperty("responder.outbox", outboxOnSmallFs().toString());
        p.setProperty("responder.health.outbox-min-free-bytes", String.valueOf(512 * 1024));
    }

    int status(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + managementPort() + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    String readinessMessage() {
        HealthCheck.Result r = context.getRegistry().lookupByNameAndType("responderReadiness", ReadinessCheck.class).call();
        return r.getState() + " " + r.getMessage().orElse("");
    }

    void awaitReady(int code) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> status("/observe/health/ready") == code);
    }

    @Test
    void readyFollowsFreeSpaceAndWritabilityOfTheOutbox() throws Exception {
        awaitReady(200);
        Path filler = fs.dir().resolve("filler");
        Files.write(filler, new byte[1800 * 1024]);
        awaitReady(503);
        assertThat(readinessMessage()).startsWith("DOWN").contains("bytes free")
                .contains("responder.health.outbox-min-free-bytes");
        assertThat(status("/observe/health/live")).isEqualTo(200);
        Files.delete(filler);
        awaitReady(200);

        fs.readOnly();
        try {
            awaitReady(503);
            assertThat(readinessMessage()).contains("not writable").contains("Read-only file system");
            assertThat(status("/observe/health/live")).isEqualTo(200);
        } finally {
            fs.readWrite();
        }
        awaitReady(200);
        assertThat(readinessMessage()).startsWith("UP");
    }
}
