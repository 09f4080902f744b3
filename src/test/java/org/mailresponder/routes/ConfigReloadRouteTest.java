package org.mailresponder.routes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.mailresponder.config.ResponderConfigHolder;
import org.mailresponder.testing.Mails;
import org.mailresponder.testing.RequestMail;
import org.mailresponder.testing.ResponderRouteTest;

import static org.assertj.core.api.Assertions.assertThat;

/** The config-refresh route picks up an edited config without a restart, and refuses a broken one. */
class ConfigReloadRouteTest extends ResponderRouteTest {

    private Path configFile() {
        return work().resolve("responder.json");
    }

    @Override
    protected void testProperties(Properties p) {
        try {
            write("first text", 1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        p.setProperty("responder.config", configFile().toString());
        p.setProperty("responder.config.refresh-period", "100");
    }

    private void write(String text, int second) throws Exception {
        Files.writeString(configFile(), "[{\"email_addr\": \"get@responder.test\", \"body\": \"" + text
                + "\", \"attachments\": null}]");
        Files.setLastModifiedTime(configFile(), FileTime.from(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(second)));
    }

    @Test
    void editedConfigIsUsedAndABrokenOneIsNot() throws Exception {
        ResponderConfigHolder holder = context.getRegistry().lookupByNameAndType("configHolder", ResponderConfigHolder.class);
        drop("r1", RequestMail.from("a1@mail.example").to("get@responder.test").messageId("<r1@x>").bytes());
        awaitDrained();
        assertThat(answerText("<r1@x>")).contains("first text");

        String v1 = holder.current().version();
        write("second text", 2);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !holder.current().version().equals(v1));
        drop("r2", RequestMail.from("a2@mail.example").to("get@responder.test").messageId("<r2@x>").bytes());
        awaitDrained();
        assertThat(answerText("<r2@x>")).contains("second text");

        String v2 = holder.current().version();
        Files.writeString(configFile(), "[{\"email_addr\": \"GET@responder.test\", \"body\": \"broken\"}]");
        Files.setLastModifiedTime(configFile(), FileTime.from(Instant.parse("2026-01-01T00:00:03Z")));
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !holder.lastReload().ok());
        assertThat(holder.lastReload().error()).contains("must be lower-case");
        drop("r3", RequestMail.from("a3@mail.example").to("get@responder.test").messageId("<r3@x>").bytes());
        awaitDrained();
        assertThat(holder.current().version()).isEqualTo(v2);
        assertThat(answerText("<r3@x>")).contains("second text");
    }

    private String answerText(String inReplyTo) throws Exception {
        for (Path f : files(outbox())) {
            var m = Mails.read(f);
            if (inReplyTo.equals(Mails.header(m, "In-Reply-To"))) {
                var mp = (jakarta.mail.Multipart) m.getContent();
                return (String) mp.getBodyPart(0).getContent();
            }
        }
        throw new AssertionError("no answer to " + inReplyTo);
    }
}
