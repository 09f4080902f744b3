package org.mailresponder.routes;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Properties;

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
 * Outages keep requests queued: while the database or the outbox is unavailable the request stays in new/, and once
 * it is back the request is answered, each entry exactly once.
 */
class OutageRouteTest extends ResponderRouteTest {

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
    static void tearDown() throws Exception {
        PROXY.close();
    }

    @Override
    protected void testProperties(Properties p) {
        p.setProperty("responder.db.url", DB.url().replaceAll(":(\\d+)/", ":" + PROXY.port() + "/")
                + "&connectTimeout=500&socketTimeout=2000");
        p.setProperty("responder.db.user", DB.user());
        p.setProperty("responder.db.password", "");
        p.setProperty("responder.retry.attempts", "1");
    }

    @Test
    void databaseOutageLeavesTheRequestQueuedUntilTheDatabaseReturns() throws Exception {
        drop("before", RequestMail.from("early@mail.example").to("android@responder.test").messageId("<before@x>")
                .bytes());
        awaitDrained();
        assertThat(files(outbox())).hasSize(1);

        PROXY.stop();
        try {
            drop("during", RequestMail.from("user@mail.example").to("get@responder.test").messageId("<during@x>")
                    .bytes());
            Thread.sleep(3000);
            assertThat(maildir().resolve("new/during")).as("still queued during the outage").exists();
            assertThat(files(maildir().resolve("failed"))).isEmpty();
            assertThat(files(outbox())).hasSize(1);
        } finally {
            PROXY.start();
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> files(maildir().resolve("new")).isEmpty());
        assertThat(maildir().resolve("cur/during:2,S")).exists();
        long answers = files(outbox()).stream().filter(f -> "<during@x>".equals(Mails.header(Mails.read(f), "In-Reply-To"))).count();
        assertThat(answers).isEqualTo(2);
    }

    @Test
    void anUnwritableOutboxKeepsTheRequestAndReleasesItsClaims() throws Exception {
        Files.createDirectories(outbox().getParent());
        Files.writeString(outbox(), "a file where the outbox folder should be");
        drop("blocked", RequestMail.from("user2@mail.example").to("get@responder.test").messageId("<blocked@x>")
                .bytes());
        Thread.sleep(2000);
        assertThat(maildir().resolve("new/blocked")).exists();
        assertThat(files(maildir().resolve("failed"))).isEmpty();

        Files.delete(outbox());
        awaitDrained();
        assertThat(files(outbox())).hasSize(2);
        assertThat(files(outbox())).allSatisfy(f ->
                assertThat(Mails.header(Mails.read(f), "In-Reply-To")).isEqualTo("<blocked@x>"));
    }
}
