package org.mailresponder.routes;

import java.time.Duration;
import java.util.Properties;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailresponder.testing.Mails;
import org.mailresponder.testing.RequestMail;
import org.mailresponder.testing.ResponderRouteTest;
import org.mailresponder.testing.TcpProxy;
import org.mailresponder.testing.TestDatabaseExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A black-holed database (connections stay open, nothing comes back — what a dropped network path looks like)
 * must not hold the workers: the pool wait (responder.db.pool-timeout) and the socket timeout cut the wait, the
 * request is deferred and stays queued, and it is answered once the path comes back. DatabaseTimeoutsTest shows
 * the socket timeout alone ending a statement already on the wire.
 */
class DatabaseTimeoutRouteTest extends ResponderRouteTest {

    @RegisterExtension
    static final TestDatabaseExtension DB = TestDatabaseExtension.mariaDb();
    static final TcpProxy PROXY = proxy();

    static TcpProxy proxy() {
        try {
            return new TcpProxy("127.0.0.1", Integer.parseInt(DB.url().replaceAll(".*:(\\d+)/.*", "$1"))).start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void tearDown() {
        PROXY.close();
    }

    @Override
    protected void testProperties(Properties p) {
        p.setProperty("responder.db.url", DB.url().replaceAll(":(\\d+)/", ":" + PROXY.port() + "/"));
        p.setProperty("responder.db.user", DB.user());
        p.setProperty("responder.db.password", "");
        p.setProperty("responder.db.connect-timeout", "1000");
        p.setProperty("responder.db.socket-timeout", "2000");
        p.setProperty("responder.db.pool-timeout", "2000");
        p.setProperty("responder.retry.attempts", "1");
        // no daily jobs during the outage: Quartz's own store errors are not what this is about
        p.setProperty("responder.schedule.reset-cron", "0 0 0 1 1 ? 2099");
        p.setProperty("responder.schedule.stats-cron", "0 0 0 1 1 ? 2099");
    }

    double deferred() {
        Counter c = context.getRegistry().findSingleByType(MeterRegistry.class).find("responder.requests")
                .tag("outcome", "deferred").counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void aBlackHoledDatabaseDefersTheRequestInsteadOfHoldingTheWorker() throws Exception {
        drop("before", RequestMail.from("early@mail.example").to("android@responder.test").messageId("<before@x>")
                .bytes());
        awaitDrained();
        assertThat(files(outbox())).hasSize(1);

        PROXY.blackHole();
        try {
            drop("during", RequestMail.from("user@mail.example").to("android@responder.test").messageId("<during@x>")
                    .bytes());
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> deferred() >= 1);
            assertThat(maildir().resolve("new/during")).as("still queued").exists();
            assertThat(files(maildir().resolve("failed"))).isEmpty();
        } finally {
            PROXY.resume();
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> files(maildir().resolve("new")).isEmpty());
        assertThat(maildir().resolve("cur/during:2,S")).exists();
        assertThat(files(outbox()).stream().filter(f -> "<during@x>".equals(Mails.header(Mails.read(f), "In-Reply-To"))))
                .hasSize(1);
    }
}
