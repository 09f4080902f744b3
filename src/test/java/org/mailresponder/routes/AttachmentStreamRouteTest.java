package org.mailresponder.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.Random;

import org.apache.camel.component.file.FileEndpoint;
import org.apache.camel.spi.StreamCachingStrategy;
import org.junit.jupiter.api.Test;
import org.mailresponder.testing.RequestMail;
import org.mailresponder.testing.ResponderRouteTest;

/**
 * An answer with a large attachment goes to the outbox as a stream of its shared, pre-composed body: Camel keeps no
 * copy of it on the way. Camel's stream caching, on by default, caches a stream body before every step of a route,
 * so it read each answer's stream into memory before the file producer wrote it (in the benchmark: peak heap 266
 * against 130 MiB, 24 against 19 ms of CPU per 2 MB answer); the packaged properties turn it off. With it on, this
 * test counts one cached stream.
 */
class AttachmentStreamRouteTest extends ResponderRouteTest {

    /** Static: Camel's test support asks for the properties in its constructor, before instance fields exist. */
    private static final byte[] INSTALLER = new byte[1 << 20];
    private static final int OUTBOX_BUFFER = 8192;

    static {
        new Random(7).nextBytes(INSTALLER);
    }

    @Override
    protected void testProperties(Properties p) {
        Path bucket = work().resolve("buckets/big");
        try {
            Files.createDirectories(bucket);
            Files.write(bucket.resolve("installer.bin"), INSTALLER);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        p.setProperty("responder.buckets-dir", work().resolve("buckets").toString());
        // far below Camel's 128 KiB and the packaged 32 KiB: the attachment is written in many chunks of it
        p.setProperty("responder.outbox.buffer-size", String.valueOf(OUTBOX_BUFFER));
        useConfig(p, """
                [{"email_addr": "big@responder.test", "body": "The installer is attached.",
                  "attachments": [["big", "installer.bin", "installer.bin"]]}]""");
    }

    @Test
    void aLargeAttachmentAnswerIsWrittenWithoutCamelCachingItsStream() throws Exception {
        StreamCachingStrategy caching = context.getStreamCachingStrategy();
        // counts every stream Camel caches, in memory or spooled (were stream caching on)
        caching.getStatistics().setStatisticsEnabled(true);
        drop("big", RequestMail.from("someone@users.test").to("big@responder.test").bytes());
        awaitDrained();

        assertThat(files(outbox())).hasSize(1);
        String answer = Files.readString(files(outbox()).get(0), StandardCharsets.ISO_8859_1);
        String base64 = Base64.getMimeEncoder().encodeToString(INSTALLER);
        assertThat(answer.replaceAll("[\r\n]", "")).as("the whole attachment was written")
                .contains(base64.replaceAll("[\r\n]", ""));

        assertThat(caching.getStatistics().getCacheMemoryCounter() + caching.getStatistics().getCacheSpoolCounter())
                .as("streams Camel cached (stream caching %s)", caching.isEnabled() ? "on" : "off").isZero();
    }

    /**
     * The outbox's file producer writes with a buffer of responder.outbox.buffer-size, not Camel's 128 KiB default: it
     * allocates one per file, so the default was 128 KiB of garbage per text answer. The attachment above, 1 MiB, was
     * written in chunks of it (8 KiB here, 128 writes) and arrived whole.
     */
    @Test
    void theOutboxWritesWithTheConfiguredBuffer() {
        List<FileEndpoint> outboxes = context.getEndpoints().stream()
                .filter(e -> e instanceof FileEndpoint f && f.getTempPrefix() != null)
                .map(FileEndpoint.class::cast).toList();
        assertThat(outboxes).as("the outbox's file endpoint").hasSize(1);
        assertThat(outboxes.get(0).getBufferSize()).isEqualTo(OUTBOX_BUFFER);
    }
}
