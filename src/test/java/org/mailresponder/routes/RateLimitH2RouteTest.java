package org.mailresponder.routes;

import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.mailresponder.testing.RequestMail;
import org.mailresponder.testing.ResponderRouteTest;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded default (H2) keeps the limit exact under concurrency too, through the real routes. */
class RateLimitH2RouteTest extends ResponderRouteTest {

    @Override
    protected void testProperties(Properties p) {
        p.setProperty("responder.workers", "16");
        p.setProperty("responder.db.pool-size", "20");
    }

    @Test
    void fiftySimultaneousRequestsFromOneSenderGetExactlyThreeAnswers() throws Exception {
        // all 50 are in new/ before the first scan picks them up, so 16 workers race on the same counter row
        for (int i = 0; i < 50; i++) {
            drop("burst-" + i, RequestMail.from("burst@mail.example").to("android@responder.test")
                    .messageId("<burst-" + i + "@mail.example>").bytes());
        }
        awaitDrained();
        assertThat(files(outbox())).hasSize(3);
        assertThat(files(maildir().resolve("cur"))).hasSize(50);
    }
}
