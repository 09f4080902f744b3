package org.mailresponder.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResponderConfigHolderTest {

    @TempDir
    Path dir;

    @Test
    void aBadOrMissingNewFileNeverReplacesTheLastGoodConfig() throws Exception {
        Path file = dir.resolve("responder.json");
        ResponderConfigHolder holder = new ResponderConfigHolder(new FileConfigSource(file),
                new ResponderConfigParser("k", "f"));

        assertThat(holder.refresh().ok()).isFalse();
        assertThatThrownBy(holder::current).isInstanceOf(ConfigUnavailableException.class);

        write(file, "[{\"email_addr\": \"a@x.test\", \"body\": \"one\", \"attachments\": null}]", 1);
        ResponderConfigHolder.ReloadStatus first = holder.refresh();
        assertThat(first.ok()).isTrue();
        assertThat(first.changed()).isTrue();
        String v1 = holder.current().version();

        assertThat(holder.refresh().changed()).as("unchanged file").isFalse();

        write(file, "[{\"email_addr\": \"a@x.test\", \"body\": ", 2);
        ResponderConfigHolder.ReloadStatus bad = holder.refresh();
        assertThat(bad.ok()).isFalse();
        assertThat(bad.error()).contains("invalid config").contains("not valid JSON");
        assertThat(holder.current().version()).isEqualTo(v1);
        assertThat(holder.current().entriesFor("a@x.test").get(0).body().get(0).text()).isEqualTo("one");

        Files.delete(file);
        assertThat(holder.refresh().error()).contains("cannot read config");
        assertThat(holder.current().version()).isEqualTo(v1);

        write(file, "[{\"email_addr\": \"a@x.test\", \"body\": \"two\", \"attachments\": null}]", 3);
        assertThat(holder.refresh().changed()).isTrue();
        assertThat(holder.current().entriesFor("a@x.test").get(0).body().get(0).text()).isEqualTo("two");
    }

    private static void write(Path file, String json, int second) throws Exception {
        Files.writeString(file, json);
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(second)));
    }
}
