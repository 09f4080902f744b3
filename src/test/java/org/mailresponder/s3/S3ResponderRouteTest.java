package org.mailresponder.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailresponder.config.ResponderConfigHolder;
import org.mailresponder.testing.RequestMail;
import org.mailresponder.testing.ResponderRouteTest;
import org.mailresponder.testing.S3TestServer;
import org.mailresponder.testing.S3TestServerExtension;

/**
 * The real service with its config and attachments in S3 (s3proxy): an edited config is picked up by ETag
 * without a restart, answers keep coming from the last good config while S3 is down, and attachments are sent
 * from S3 through the cache.
 */
class S3ResponderRouteTest extends ResponderRouteTest {

    private static final String CONFIG_BUCKET = "responder-config";
    private static final String CONFIG_KEY = "prod/responder.json";
    private static final String ATTACHMENT_BUCKET = "responder-installers";
    private static final byte[] APK = apk();

    @RegisterExtension
    static final S3TestServerExtension S3 = new S3TestServerExtension();

    @BeforeAll
    static void fillS3() {
        S3.createBucket(CONFIG_BUCKET);
        S3.createBucket(ATTACHMENT_BUCKET);
        S3.put(ATTACHMENT_BUCKET, "android/PsiphonAndroid.apk", APK);
        putConfig("initial " + UUID.randomUUID());
    }

    private static byte[] apk() {
        byte[] b = new byte[3000];
        Arrays.fill(b, (byte) 'A');
        b[0] = 'P';
        b[1] = 'K';
        return b;
    }

    /** Puts a config whose answer to get@ is {@code text}; returns the version (ETag) it will have. */
    private static String putConfig(String text) {
        String json = "[{\"email_addr\": \"get@responder.test\", \"body\": \"" + text + "\", \"attachments\": null},"
                + "{\"email_addr\": \"android@responder.test\", \"body\": \"the installer is attached\","
                + " \"attachments\": [[\"" + ATTACHMENT_BUCKET + "\", \"android/PsiphonAndroid.apk\", \"PsiphonAndroid.apk\"]]}]";
        return Etags.unquote(S3.put(CONFIG_BUCKET, CONFIG_KEY, json.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    protected void testProperties(Properties p) {
        p.setProperty("responder.config", "s3://" + CONFIG_BUCKET + "/" + CONFIG_KEY);
        p.setProperty("responder.config.refresh-period", "200");
        p.setProperty("responder.s3.endpoint", S3.endpoint());
        p.setProperty("responder.s3.path-style", "true");
        p.setProperty("responder.s3.access-key", S3TestServer.ACCESS_KEY);
        p.setProperty("responder.s3.secret-key", S3TestServer.SECRET_KEY);
        p.setProperty("responder.s3.api-call-timeout", "2000");
        p.setProperty("responder.attachments.source", "s3");
        p.setProperty("responder.attachments.cache-max-bytes", "100000");
    }

    private ResponderConfigHolder holder() {
        return context.getRegistry().lookupByNameAndType("configHolder", ResponderConfigHolder.class);
    }

    private MeterRegistry meters() {
        return context.getRegistry().findSingleByType(MeterRegistry.class);
    }

    private void awaitVersion(String version) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> version.equals(holder().current().version()));
    }

    /** Sends a request to {@code to} and returns the answer the outbox received for it. */
    private String request(String to) throws Exception {
        String id = UUID.randomUUID().toString();
        String mail = RequestMail.from("Alice <alice@mail.example>").returnPath().to(to).subject("please send")
                .messageId("<" + id + "@mail.example>").date("Thu, 16 May 2024 11:00:00 +0200").plainText()
                .body("Hello.\r\n").text();
        List<Path> before = files(outbox());
        drop(id + ".eml", mail.getBytes(StandardCharsets.US_ASCII));
        awaitDrained();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> files(outbox()).size() > before.size());
        List<Path> after = files(outbox());
        after = after.stream().filter(f -> !before.contains(f)).toList();
        assertThat(after).hasSize(1);
        return Files.readString(after.get(0), StandardCharsets.ISO_8859_1);
    }

    @Test
    void anEditedConfigInS3IsAnsweredWithoutARestart() throws Exception {
        String textA = "version A " + UUID.randomUUID();
        awaitVersion(putConfig(textA));
        assertThat(request("get@responder.test")).contains(textA);

        String textB = "version B " + UUID.randomUUID();
        awaitVersion(putConfig(textB));
        String answer = request("get@responder.test");
        assertThat(answer).contains(textB).doesNotContain(textA);
    }

    @Test
    void whileS3IsDownTheLastGoodConfigKeepsAnsweringAndTheFailureIsCounted() throws Exception {
        String text = "before the outage " + UUID.randomUUID();
        awaitVersion(putConfig(text));
        double failedBefore = meters().get("responder.config.reloads").tag("result", "failed").counter().count();

        S3.stop();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> meters().get("responder.config.reloads")
                    .tag("result", "failed").counter().count() > failedBefore);
            assertThat(meters().get("responder.config.reload.failing").gauge().value()).isEqualTo(1.0);
            assertThat(holder().lastReload().ok()).isFalse();
            assertThat(request("get@responder.test")).contains(text);
        } finally {
            S3.restart();
        }
        Awaitility.await().atMost(Duration.ofSeconds(15))
                .until(() -> meters().get("responder.config.reload.failing").gauge().value() == 0.0);
    }

    @Test
    void attachmentsComeFromS3ThroughTheCache() throws Exception {
        String answer = request("android@responder.test");
        String base64 = Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(APK);
        assertThat(answer).contains("PsiphonAndroid.apk").contains(base64);
        double misses = meters().get("responder.attachment.cache").tag("result", "miss").counter().count();
        assertThat(misses).isEqualTo(1.0);

        // The body is compiled once per config version: a second answer does not fetch the attachment again.
        assertThat(request("android@responder.test")).contains(base64);
        assertThat(meters().get("responder.attachment.cache").tag("result", "miss").counter().count()).isEqualTo(1.0);
        assertThat(meters().find("responder.attachment.cache").tag("result", "hit").counter().count()).isZero();
        try (var cached = Files.list(work().resolve("data/attachment-cache"))) {
            assertThat(cached.toList()).hasSize(1);
        }
    }
}
