package org.mailresponder.compose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.mailresponder.config.AttachmentRef;
import org.mailresponder.config.BodyPart;
import org.mailresponder.config.ConfigEntry;
import org.mailresponder.config.SendMethod;
import org.mailresponder.inbound.InboundRequest;
import org.mailresponder.inbound.MalformedRequestException;
import org.mailresponder.inbound.ScreenReason;
import org.mailresponder.inbound.Verdict;
import org.mailresponder.testing.Mails;
import org.mailresponder.testing.MessageValidity;
import org.mailresponder.testing.RequestMail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The composer on its own, without Camel: what an answer and a forward hold, when attachment bodies are compiled
 * again, the safe-name rule, and the requests it refuses. Answers are read back with Jakarta Mail.
 */
class AnswerComposerTest {

    static final String KEY = "composer-test-key-0123456789";
    static final Instant NOW = Instant.parse("2026-11-22T10:15:00Z");
    static final byte[] APK = "PK\u0003\u0004 not really an apk".getBytes(StandardCharsets.ISO_8859_1);

    /** Attachments held in memory, counting reads: the store's contract without a disk or S3. */
    static final class MemoryStore implements AttachmentStore {
        final Map<String, byte[]> objects = new HashMap<>();
        final List<String> fetched = new ArrayList<>();
        final AtomicLong generation = new AtomicLong();

        MemoryStore put(String bucket, String key, byte[] bytes) {
            objects.put(bucket + "/" + key, bytes);
            return this;
        }

        @Override
        public Attachment fetch(String bucket, String key) throws IOException {
            fetched.add(bucket + "/" + key);
            byte[] b = objects.get(bucket + "/" + key);
            if (b == null) {
                throw new IOException("no object " + bucket + "/" + key);
            }
            return new Attachment(b, Integer.toHexString(java.util.Arrays.hashCode(b)));
        }

        @Override
        public void checkReadable(String bucket, String key) throws IOException {
            fetch(bucket, key);
        }

        @Override
        public long generation() {
            return generation.get();
        }
    }

    private final MemoryStore store = new MemoryStore().put("installers", "app.apk", APK);

    private AnswerComposer composer() {
        return new AnswerComposer(store,
                new AttachmentNameRules(Set.of("gmail.com"), AttachmentNameRules.parseRenames(".exe=,.apk=.ap_")),
                "get@responder.test", "The Responder", "complaints@responder.test",
                List.of("admin1@responder.test", "admin2@responder.test"), "[mail-responder]",
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static ConfigEntry entry(String attachmentKey) {
        return new ConfigEntry("android@responder.test", 0, List.of(new BodyPart(BodyPart.Kind.PLAIN, "Here it is.")),
                List.of(new AttachmentRef("installers", attachmentKey, "app.apk")), SendMethod.DEFAULT);
    }

    private static InboundRequest request(String sender) {
        return RequestMail.from(sender).to("android@responder.test").subject("send it")
                .messageId("<req-1@mail.example>").parsed(KEY);
    }

    private static List<Part> attachments(MimeMessage m) throws Exception {
        List<Part> parts = new ArrayList<>();
        Multipart mixed = (Multipart) m.getContent();
        for (int i = 0; i < mixed.getCount(); i++) {
            if (Part.ATTACHMENT.equalsIgnoreCase(mixed.getBodyPart(i).getDisposition())) {
                parts.add(mixed.getBodyPart(i));
            }
        }
        return parts;
    }

    @Test
    void anAnswerGoesToTheSenderFromOurAddressAsAReplyWithTheEntrysBodyAndAttachment() throws Exception {
        OutgoingMail mail = composer().compose(request("reader@mail.example"), entry("app.apk"), "v1");

        assertThat(mail.recipients()).containsExactly("reader@mail.example");
        assertThat(mail.envelopeFrom()).isEqualTo("complaints@responder.test");
        byte[] bytes = mail.toBytes();
        assertThat(MessageValidity.problems(bytes)).isEmpty();
        MimeMessage m = Mails.parse(bytes);
        assertThat(Mails.header(m, "From")).isEqualTo("The Responder <get@responder.test>");
        assertThat(Mails.header(m, "To")).isEqualTo("reader@mail.example");
        assertThat(Mails.header(m, "Reply-To")).isEqualTo("android@responder.test");
        assertThat(m.getSubject()).isEqualTo("Re: send it");
        assertThat(Mails.header(m, "In-Reply-To")).isEqualTo("<req-1@mail.example>");
        assertThat(Mails.header(m, "Auto-Submitted")).isEqualTo("auto-replied");
        assertThat(m.getSentDate().toInstant()).as("Date from the composer's clock").isEqualTo(NOW);
        assertThat(Mails.header(m, "Message-ID")).matches("<[0-9a-f-]{36}@responder\\.test>");
        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("Here it is.");
        List<Part> attached = attachments(m);
        assertThat(attached).hasSize(1);
        assertThat(attached.get(0).getFileName()).isEqualTo("app.apk");
        assertThat(attached.get(0).getInputStream().readAllBytes()).isEqualTo(APK);
    }

    @Test
    void everyAnswerHasItsOwnMessageIdButTheBodyIsCompiledOncePerConfigVersion() throws Exception {
        AnswerComposer composer = composer();
        OutgoingMail a = composer.compose(request("a@mail.example"), entry("app.apk"), "v1");
        OutgoingMail b = composer.compose(request("b@mail.example"), entry("app.apk"), "v1");
        assertThat(store.fetched).as("one fetch for two answers under v1").hasSize(1);
        assertThat(Mails.header(Mails.parse(a.toBytes()), "Message-ID"))
                .isNotEqualTo(Mails.header(Mails.parse(b.toBytes()), "Message-ID"));

        composer.compose(request("c@mail.example"), entry("app.apk"), "v2");
        assertThat(store.fetched).as("a new config version compiles again").hasSize(2);

        store.put("installers", "app.apk", "replaced in S3".getBytes(StandardCharsets.UTF_8));
        store.generation.incrementAndGet();
        OutgoingMail afterChange = composer.compose(request("d@mail.example"), entry("app.apk"), "v2");
        assertThat(store.fetched).as("the store's generation moved: compiled again").hasSize(3);
        assertThat(attachments(Mails.parse(afterChange.toBytes())).get(0).getInputStream().readAllBytes())
                .asString(StandardCharsets.UTF_8).isEqualTo("replaced in S3");
    }

    @Test
    void sendersAtProvidersThatRefuseTheExtensionGetTheSafeNameAndOthersTheRealOne() throws Exception {
        AnswerComposer composer = composer();
        MimeMessage gmail = Mails.parse(composer.compose(request("Reader@GMail.com"), entry("app.apk"), "v1").toBytes());
        MimeMessage other = Mails.parse(composer.compose(request("reader@mail.example"), entry("app.apk"), "v1").toBytes());

        assertThat(attachments(gmail).get(0).getFileName()).isEqualTo("app.ap_");
        assertThat(attachments(other).get(0).getFileName()).isEqualTo("app.apk");
        assertThat(attachments(gmail).get(0).getInputStream().readAllBytes()).as("same bytes").isEqualTo(APK);
    }

    @Test
    void aMissingAttachmentFailsTheAnswerNamingTheObjectAndTheEntry() {
        assertThatThrownBy(() -> composer().compose(request("reader@mail.example"), entry("gone.apk"), "v1"))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("installers/gone.apk")
                .hasMessageContaining("android@responder.test#0");
    }

    @Test
    void aSenderThatCannotBeWrittenAsARecipientIsRefused() {
        AnswerComposer composer = composer();
        String tooLong = "x".repeat(250) + "@mail.example";
        for (String sender : List.of(tooLong, "r\u00e9ader@mail.example", "no-domain@", "@no-local.example")) {
            InboundRequest r = new InboundRequest("0123456789abcdef0123456789abcdef", "android@responder.test",
                    sender, "f00dfeed", "links", "<x@mail.example>", List.of(), Map.of(), new byte[0]);
            assertThatThrownBy(() -> composer.compose(r, entry("app.apk"), "v1")).as(sender)
                    .isInstanceOf(MalformedRequestException.class)
                    .hasMessageContaining("sender address cannot be answered");
        }
        assertThat(store.fetched).as("refused before any attachment is read").isEmpty();
    }

    @Test
    void aForwardGoesToTheAdminsWithTheOriginalAttachedAndTheSenderOnlyHashed() throws Exception {
        InboundRequest bounce = RequestMail.from("MAILER-DAEMON@mx.mail.example").to("complaints@responder.test")
                .subject("Undelivered Mail Returned to Sender").messageId("<bounce-1@mx.mail.example>").parsed(KEY);

        OutgoingMail forward = composer().composeForward(bounce, Verdict.forward(ScreenReason.BOUNCE, "daemon"));

        assertThat(forward.recipients()).containsExactly("admin1@responder.test", "admin2@responder.test");
        byte[] bytes = forward.toBytes();
        assertThat(MessageValidity.problems(bytes)).isEmpty();
        MimeMessage m = Mails.parse(bytes);
        assertThat(m.getSubject()).isEqualTo("[mail-responder] " + ScreenReason.BOUNCE.code()
                + ": Undelivered Mail Returned to Sender");
        assertThat(Mails.header(m, "Auto-Submitted")).isEqualTo("auto-generated");
        String text = (String) ((Multipart) m.getContent()).getBodyPart(0).getContent();
        assertThat(text).contains("Sender (hashed): " + bounce.senderHash())
                .contains("Requested address: complaints@responder.test")
                .doesNotContain("MAILER-DAEMON");
        Part original = ((Multipart) m.getContent()).getBodyPart(1);
        assertThat(original.isMimeType("message/rfc822")).isTrue();
        assertThat(original.getInputStream().readAllBytes()).isEqualTo(bounce.raw());
    }
}
