package org.mailresponder.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Properties;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailresponder.testing.ResponderRouteTest;
import org.mailresponder.testing.TcpProxy;
import org.mailresponder.testing.TestDatabaseExtension;

/** Readiness follows the database: down while it cannot be reached, up again when it returns; liveness stays up. */
class ReadinessTest extends ResponderRouteTest {

    @RegisterExtension
    static final TestDatabaseExtension DB = TestDatabaseExtension.mariaDb();
    static final TcpProxy PROXY;

    static {
        URI u = URI.create(DB.url().substring("jdbc:".length()));
        try {
            PROXY = new TcpProxy(u.getHost(), u.getPort()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void cleanUp() {
        PROXY.close();
    }

    @Override
    protected void testProperties(Properties p) {
        URI u = URI.create(DB.url().substring("jdbc:".length()));
        p.setProperty("responder.db.url", "jdbc:mysql://127.0.0.1:" + PROXY.port() + u.getPath() + "?" + u.getQuery()
                + "&connectTimeout=1000&socketTimeout=3000");
        p.setProperty("responder.db.user", DB.user());
        p.setProperty("responder.health.db-timeout", "1000");
        // no daily jobs during the outage in this test: Quartz's own store errors are not what it is about
        p.setProperty("responder.schedule.reset-cron", "0 0 0 1 1 ? 2099");
        p.setProperty("responder.schedule.stats-cron", "0 0 0 1 1 ? 2099");
    }

    int status(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + managementPort() + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void readyFollowsTheDatabase() throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> status("/observe/health/ready") == 200);
        PROXY.stop();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> status("/observe/health/ready") == 503);
            assertThat(status("/observe/health/live")).isEqualTo(200);
        } finally {
            PROXY.start();
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> status("/observe/health/ready") == 200);
    }
}
