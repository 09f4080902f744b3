package org.mailresponder.report;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Properties;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import org.apache.camel.health.HealthCheck;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.mailresponder.camel.ReadinessCheck;
import org.mailresponder.testing.ResponderRouteTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With SMTP as the transport, readiness follows the relay, with real faults: nothing listening (connection
 * refused), a black hole (the connection is accepted by the kernel but nobody ever greets), and a real relay
 * (GreenMail) that greets. The check answers within its timeout in every case.
 */
class TransportReadinessTest extends ResponderRouteTest {

    // static: Camel's test support reads the properties in the superclass constructor, before instance fields
    static final int RELAY_PORT = freePort();

    @Override
    protected void testProperties(Properties p) {
        p.setProperty("responder.delivery.method", "smtp");
        p.setProperty("responder.smtp.host", "127.0.0.1");
        p.setProperty("responder.smtp.port", String.valueOf(RELAY_PORT));
        p.setProperty("responder.health.transport-timeout", "1000");
    }

    int status(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + managementPort() + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    HealthCheck.Result readiness() {
        return context.getRegistry().lookupByNameAndType("responderReadiness", ReadinessCheck.class).call();
    }

    void awaitReady(int code) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> status("/observe/health/ready") == code);
    }

    @Test
    void readyFollowsTheRelay() throws Exception {
        awaitReady(503);
        assertThat(readiness().getMessage().orElse("")).contains("SMTP relay 127.0.0.1:" + RELAY_PORT)
                .contains("Connection refused");
        assertThat(status("/observe/health/live")).isEqualTo(200);

        // accepted by the kernel's backlog, never greeted: only the timeout ends the wait
        try (ServerSocket blackHole = new ServerSocket(RELAY_PORT, 50, InetAddress.getLoopbackAddress())) {
            long t0 = System.nanoTime();
            HealthCheck.Result r = readiness();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(r.getState()).isEqualTo(HealthCheck.State.DOWN);
            assertThat(r.getMessage().orElse("")).contains("SMTP relay").contains("timed out");
            assertThat(ms).as("the check is bounded by its timeout, not by the black hole").isLessThan(10_000);
        }

        GreenMail relay = new GreenMail(new ServerSetup(RELAY_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        relay.start();
        try {
            awaitReady(200);
            assertThat(readiness().getState()).isEqualTo(HealthCheck.State.UP);
        } finally {
            relay.stop();
        }
        awaitReady(503);
    }
}
