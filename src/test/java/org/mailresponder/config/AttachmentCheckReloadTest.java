package org.mailresponder.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.mailresponder.testing.RequestMail;
import org.mailresponder.testing.ResponderRouteTest;

/**
 * The config reload refuses a config naming an attachment that is not there: the last good config stays in force,
 * requests keep being answered from it, and the reload-failing gauge is 1 until the file appears.
 */
class AttachmentCheckReloadTest extends ResponderRouteTest {

    private Path config() {
        return work().resolve("responder.json");
    }

    private Path buckets() {
        return work().resolve("buckets");
    }

    @Override
    protected void testProperties(Properties p) {
        try {
            Files.createDirectories(buckets().resolve("installers"));
            Files.writeString(buckets().resolve("installers/Psiphon3.exe"), "MZ first");
            write("Psiphon3.exe", 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        p.setProperty("responder.config", config().toString());
        p.setProperty("responder.buckets-dir", buckets().toString());
        p.setProperty("responder.config.refresh-period", "100");
    }

    private void write(String key, int second) throws IOException {
        Files.writeString(config(), "[{\"email_addr\": \"get@responder.test\", \"body\": \"files\", \"attachments\": "
                + "[[\"installers\", \"" + key + "\", \"" + key + "\"]]}]");
        Files.setLastModifiedTime(config(), FileTime.from(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(second)));
    }

    @Test
    void aConfigNamingAMissingAttachmentIsRefusedUntilTheFileIsThere() throws Exception {
        ResponderConfigHolder holder = context.getRegistry().lookupByNameAndType("configHolder", ResponderConfigHolder.class);
        MeterRegistry meters = context.getRegistry().findSingleByType(MeterRegistry.class);
        String good = holder.current().version();

        write("Psiphon4.exe", 2);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !holder.lastReload().ok());
        assertThat(holder.lastReload().error()).isEqualTo("invalid config: get@responder.test mail 1: attachment "
                + "[installers, Psiphon4.exe, Psiphon4.exe]: not found at "
                + buckets().resolve("installers/Psiphon4.exe").toAbsolutePath());
        assertThat(holder.current().version()).isEqualTo(good);
        Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> meters.get("responder.config.reload.failing").gauge().value() == 1.0);

        // requests are answered from the config in force, with the attachment that exists
        drop("r1", RequestMail.from("a@mail.example").to("get@responder.test").subject("x").messageId("<r1@x>")
                .bytes());
        awaitDrained();
        assertThat(files(outbox())).singleElement()
                .satisfies(f -> assertThat(Files.readString(f)).contains("filename=Psiphon3.exe"));

        // the installer is uploaded: the next check puts the new config in force
        Files.writeString(buckets().resolve("installers/Psiphon4.exe"), "MZ second");
        write("Psiphon4.exe", 3);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !holder.current().version().equals(good));
        assertThat(holder.lastReload().ok()).isTrue();
        Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> meters.get("responder.config.reload.failing").gauge().value() == 0.0);
    }
}
