package org.mailresponder.routes;

import java.nio.file.Files;
import java.util.Properties;

import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.Test;
import org.mailresponder.testing.RequestMail;
import org.mailresponder.testing.ResponderRouteTest;
import org.springframework.dao.DataAccessResourceFailureException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which failures park a request in failed/ and which leave it queued. The faults are injected with AdviceWith at
 * the start of the rate-limit route, because a driver failing with a NullPointerException as its cause (seen with
 * H2 closing under a shutdown) or a plain bug cannot be produced on demand with the real components.
 */
class ErrorClassificationRouteTest extends ResponderRouteTest {

    @Override
    public boolean isUseAdviceWith() {
        return true;
    }

    @Override
    protected void testProperties(Properties p) {
        p.setProperty("responder.retry.attempts", "1");
    }

    @Test
    void anOutageWhoseCauseChainEndsInARuntimeExceptionStaysQueued() throws Exception {
        AdviceWith.adviceWith(context, "rate-limit", a -> a.weaveAddFirst().process(e -> {
            throw new DataAccessResourceFailureException("database went away", new NullPointerException("inside the driver"));
        }));
        context.start();
        drop("outage", RequestMail.from("q@mail.example").to("android@responder.test").messageId("<q@x>").bytes());
        Thread.sleep(1500);
        assertThat(maildir().resolve("new/outage")).exists();
        assertThat(files(maildir().resolve("failed"))).isEmpty();
        assertThat(files(outbox())).isEmpty();
    }

    @Test
    void anUnforeseenErrorParksTheRequestInFailedWithItsStackTrace() throws Exception {
        AdviceWith.adviceWith(context, "rate-limit", a -> a.weaveAddFirst().process(e -> {
            throw new IllegalStateException("a bug", new java.io.IOException("with an I/O cause"));
        }));
        context.start();
        drop("bug", RequestMail.from("b@mail.example").to("android@responder.test").messageId("<b@x>").bytes());
        drop("malformed", "Subject: no From\r\nX-Original-To: android@responder.test\r\n\r\nx\r\n".getBytes());
        awaitDrained();
        assertThat(maildir().resolve("failed/bug")).exists();
        String reason = Files.readString(maildir().resolve("failed/bug.reason"));
        assertThat(reason).contains("java.lang.IllegalStateException: a bug").contains("at org.mailresponder");
        assertThat(Files.readString(maildir().resolve("failed/malformed.reason"))).contains("no From header");
        assertThat(files(outbox())).isEmpty();
    }
}
