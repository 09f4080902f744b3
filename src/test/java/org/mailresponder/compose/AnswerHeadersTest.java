package org.mailresponder.compose;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.mailresponder.config.ConfigEntry;
import org.mailresponder.config.ResponderConfig;
import org.mailresponder.config.ResponderConfigParser;
import org.mailresponder.inbound.InboundRequest;
import org.mailresponder.inbound.MalformedRequestException;
import org.mailresponder.inbound.ScreenReason;
import org.mailresponder.inbound.Verdict;
import org.mailresponder.testing.Mails;
import org.mailresponder.testing.MessageValidity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The answer's header block is valid RFC 5322 whatever the request holds: the Subject is cleaned, cut and folded
 * once; In-Reply-To/References are copied only as valid message ids; nothing a stranger writes becomes a header
 * of its own. The expected values are written out here, not computed by the composer.
 */
class AnswerHeadersTest {

    static final Path PROJECT = Path.of("").toAbsolutePath();

    static AnswerComposer composer() {
        return new AnswerComposer(new LocalAttachmentStore(PROJECT.resolve("config/buckets")),
                new AttachmentNameRules(Set.of("gmail.com"), AttachmentNameRules.parseRenames(".exe=,.apk=.ap_")),
                "get@responder.test", "", "complaints@responder.test", List.of("admin@responder.test"),
                "[mail-responder]", Clock.fixed(Instant.parse("2024-05-16T09:00:00Z"), ZoneOffset.UTC));
    }

    static ConfigEntry androidEntry() throws Exception {
        ResponderConfig config = new ResponderConfigParser("Psiphon3.exe", "Psiphon3.ex_")
                .parse(Files.readAllBytes(PROJECT.resolve("config/responder.json")), "v1");
        return config.entriesFor("android@responder.test").get(0);
    }

    static InboundRequest request(String sender, String subject, String messageId, List<String> references) {
        return new InboundRequest("0123456789abcdef0123456789abcdef", "android@responder.test", sender,
                "f00dfeedf00dfeedf00dfeed", subject, messageId, references, Map.of(), new byte[0]);
    }

    static byte[] answer(String subject, String messageId, List<String> references) throws Exception {
        return composer().compose(request("reader@mail.example", subject, messageId, references), androidEntry(), "v1")
                .toBytes();
    }

    @Test
    void aMegabyteSubjectIsCutCleanedAndFoldedIntoShortLines() throws Exception {
        String huge = "please send ".repeat(90_000) + "x".repeat(1_048_577);
        byte[] mail = answer(huge, "<big@mail.example>", List.of());
        assertThat(MessageValidity.problems(mail)).isEmpty();
        MimeMessage m = Mails.parse(mail);
        assertThat(m.getSubject()).startsWith("Re: please send please send").endsWith("\u2026")
                .hasSize("Re: ".length() + 200 + 1);
        String rawHeaders = new String(mail, 0, MessageValidity.headerEnd(mail), java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(rawHeaders.split("\r\n")).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(78));
    }

    @Test
    void oneUnbrokenMegabyteWordIsEncodedAndFoldedToo() throws Exception {
        byte[] mail = answer("x".repeat(7_500_000), null, List.of());
        assertThat(MessageValidity.problems(mail)).isEmpty();
        assertThat(Mails.parse(mail).getSubject()).isEqualTo("Re: " + "x".repeat(200) + "\u2026");
    }

    @Test
    void controlCharactersInTheSubjectNeverReachTheAnswer() throws Exception {
        byte[] mail = answer("a\u0000b\u001b[31mc\u0007d\r\nBcc: victim@target.example\te\u0085f\u2028g", null, List.of());
        assertThat(MessageValidity.problems(mail)).isEmpty();
        assertThat(Mails.parse(mail).getSubject()).isEqualTo("Re: a b [31mc d Bcc: victim@target.example e f g");
        assertThat(MessageValidity.fieldNames(mail)).doesNotContain("bcc", "cc")
                .containsOnlyOnce("to", "subject");
    }

    @Test
    void unicodeSubjectsSurviveAsUtf8EncodedWords() throws Exception {
        String persian = "درخواست نرم‌افزار فیلترشکن برای اندروید و ویندوز لطفا هر دو را بفرستید 😀";
        byte[] mail = answer(persian, null, List.of());
        assertThat(MessageValidity.problems(mail)).isEmpty();
        assertThat(Mails.parse(mail).getSubject()).isEqualTo("Re: " + persian);
        assertThat(new String(mail, java.nio.charset.StandardCharsets.US_ASCII)).contains("Subject: =?UTF-8?B?");
    }

    @Test
    void aSubjectThatAlreadyStartsWithReIsKeptAndAPlainOneStaysReadable() throws Exception {
        assertThat(Mails.parse(answer("RE: links please", null, List.of())).getSubject()).isEqualTo("RE: links please");
        assertThat(new String(answer("links please", null, List.of()), java.nio.charset.StandardCharsets.US_ASCII))
                .contains("\r\nSubject: Re: links please\r\n");
        assertThat(Mails.parse(answer("", null, List.of())).getSubject()).isEqualTo("Re:");
        assertThat(Mails.parse(answer(null, null, List.of())).getSubject()).isEqualTo("Re:");
        // text that a reader would decode is not passed through raw
        assertThat(Mails.parse(answer("=?UTF-8?B?QmNjOiB4?= hi", null, List.of())).getSubject())
                .isEqualTo("Re: =?UTF-8?B?QmNjOiB4?= hi");
    }

    @Test
    void aValidMessageIdIsCopiedByteForByte() throws Exception {
        MimeMessage m = Mails.parse(answer("hi", "<CAF=3D+x_y.z$%&'*/?^`{|}~-1@mail.gmail.com>",
                List.of("<first@a.example>", "<second@[10.0.0.1]>")));
        assertThat(Mails.header(m, "In-Reply-To")).isEqualTo("<CAF=3D+x_y.z$%&'*/?^`{|}~-1@mail.gmail.com>");
        assertThat(unfolded(m, "References"))
                .isEqualTo("<first@a.example> <second@[10.0.0.1]> <CAF=3D+x_y.z$%&'*/?^`{|}~-1@mail.gmail.com>");
    }

    @Test
    void anInvalidMessageIdLeavesBothThreadingHeadersOut() throws Exception {
        for (String hostile : List.of("<a\u0000b@x.example>", "<a\u001b[2Jb@x.example>", "<ok@x.example>\r\nBcc: v@t.example",
                "no-brackets@x.example", "<no-at-sign>", "<a b@x.example>", "<" + "a".repeat(300) + "@x.example>",
                "<=?utf-8?q?a=00b?=@x.example>x", "<\u0444@x.example>", "<a..b@x.example>", "<>", "")) {
            byte[] mail = answer("hi", hostile, List.of("<ref@x.example>"));
            assertThat(MessageValidity.problems(mail)).as(hostile).isEmpty();
            assertThat(MessageValidity.fieldNames(mail)).as(hostile).doesNotContain("in-reply-to", "references", "bcc");
        }
    }

    @Test
    void referencesAreFilteredAndCapped() throws Exception {
        List<String> refs = new ArrayList<>();
        for (int i = 0; i < 10_256; i++) {
            refs.add("<r" + i + "@x.example>");
        }
        refs.add(3, "<bad\u0007@x.example>");
        refs.add(5, "=?utf-8?q?<x@y>?=");
        MimeMessage m = Mails.parse(answer("hi", "<own@x.example>", refs));
        String[] ids = unfolded(m, "References").split("\\s+");
        assertThat(ids).hasSize(20);
        assertThat(ids[0]).isEqualTo("<r0@x.example>");
        assertThat(ids[1]).isEqualTo("<r10238@x.example>");
        assertThat(ids[18]).isEqualTo("<r10255@x.example>");
        assertThat(ids[19]).isEqualTo("<own@x.example>");
        // a raw References value with several ids and comments is read the same way
        MimeMessage raw = Mails.parse(answer("hi", "<own@x.example>",
                List.of("<a@x.example>(comment)<b@x.example>\r\n <c@x.example> <own@x.example>")));
        assertThat(unfolded(raw, "References")).isEqualTo("<a@x.example> <b@x.example> <c@x.example> <own@x.example>");
    }

    static String unfolded(MimeMessage m, String name) throws Exception {
        return jakarta.mail.internet.MimeUtility.unfold(Mails.header(m, name)).replace("\t", " ");
    }

    @Test
    void aSenderThatCannotBeARecipientIsAMalformedRequest() throws Exception {
        AnswerComposer composer = composer();
        ConfigEntry entry = androidEntry();
        for (String sender : List.of("a".repeat(250) + "@x.example", "a\r\nBcc: v@t.example@x.example", "a b@x.example",
                "\u0444@x.example", "nobody")) {
            assertThatThrownBy(() -> composer.compose(request(sender, "hi", null, List.of()), entry, "v1"))
                    .isInstanceOf(MalformedRequestException.class).hasMessageContaining("sender address");
        }
    }

    @Test
    void forwardsToTheAdminsGetTheSameSubjectRules() throws Exception {
        InboundRequest req = request("reader@mail.example", "bounce \u0000\u001b " + "y".repeat(2_000_000), "<x@y.example>",
                List.of());
        byte[] mail = composer().composeForward(req, Verdict.forward(ScreenReason.BOUNCE, "test")).toBytes();
        assertThat(MessageValidity.headerProblems(mail)).isEmpty();
        assertThat(Mails.parse(mail).getSubject()).startsWith("[mail-responder] bounce: bounce y").endsWith("\u2026");
    }

    @Test
    void structuredValuesAreNeutralisedNotTrusted() {
        String block = new HeaderBlock().add("X-Test", "a\r\nBcc: b\u0000c\u00e9 " + "z".repeat(3000)).toString();
        assertThat(block).doesNotContain("\r\nBcc").doesNotContain("\u0000");
        for (String line : block.split("\r\n")) {
            assertThat(line.length()).isLessThanOrEqualTo(998);
            assertThat(line.chars()).allMatch(c -> c >= 0x20 && c < 0x7f);
        }
    }
}
