package org.mailresponder.screen;

import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.mailresponder.config.BodyPart;
import org.mailresponder.config.ConfigEntry;
import org.mailresponder.config.ResponderConfig;
import org.mailresponder.config.SendMethod;
import org.mailresponder.inbound.DkimPolicy;
import org.mailresponder.inbound.EncodedWords;
import org.mailresponder.inbound.InboundDkimVerifier;
import org.mailresponder.inbound.InboundRequest;
import org.mailresponder.inbound.LineEnds;
import org.mailresponder.inbound.MailAddresses;
import org.mailresponder.inbound.RequestParser;
import org.mailresponder.inbound.ScreenReason;
import org.mailresponder.inbound.Verdict;
import org.mailresponder.inbound.SenderIdentity;
import org.mailresponder.testing.RealMailCorpus;

import static org.assertj.core.api.Assertions.assertThat;

/** The parsing and screening pieces on the cases the issue names, and the defaults' single statement. */
class ScreenPiecesTest {

    static final ResponderConfig CONFIG = new ResponderConfig("t", Instant.now(), Stream.of(
            "get@responder.test", "get+fa@responder.test", "android@other.test")
            .map(a -> new ConfigEntry(a, 0, List.of(new BodyPart(BodyPart.Kind.PLAIN, "x")), null, SendMethod.DEFAULT))
            .toList());
    static final RequestParser PARSER = new RequestParser(new SenderIdentity("pieces-test-key-0123456789"), 8_192_000, 20);
    static final RequestScreen SCREEN = new RequestScreen(ScreenSettings.defaults("complaints@responder.test",
            Set.of("get@responder.test", "complaints@responder.test"), Set.of(),
            ScreenSettings.defaults("complaints@responder.test", Set.of()).noreplyLocalPart()),
            new DkimPolicy(DkimPolicy.Mode.OFF, Set.of(), Set.of()), InboundDkimVerifier.NONE);

    static InboundRequest parse(String headers) throws Exception {
        return PARSER.parse(("X-Original-To: get@responder.test\n" + headers + "\n\nbody\n")
                .getBytes(StandardCharsets.UTF_8), CONFIG::serves);
    }

    static Verdict screen(String headers) throws Exception {
        return SCREEN.screen(parse(headers), CONFIG);
    }

    @Test
    void encodedWordsDecodeEveryClientCharsetAndKeepWhatTheyCannot() {
        assertThat(EncodedWords.decode("=?utf-7?Q?Die_Hasen_und_die_Fr+APY-sche?=")).isEqualTo("Die Hasen und die Frösche");
        assertThat(EncodedWords.decode("=?iso-8859-8-i?B?7vLw5A==?=")).isEqualTo("מענה");
        assertThat(EncodedWords.decode("=?ks_c_5601-1987?B?x9GxuQ==?=")).isEqualTo("한국");
        assertThat(EncodedWords.decode("=?x-gbk?B?1tDOxA==?=")).isEqualTo("中文");
        // one UTF-8 character split over two words, as some encoders do
        assertThat(EncodedWords.decode("=?UTF-8?B?8J+Y?= =?UTF-8?B?gA==?=")).isEqualTo("😀");
        assertThat(EncodedWords.decode("Re: =?no-such-charset?Q?abc?= ok")).isEqualTo("Re: =?no-such-charset?Q?abc?= ok");
        assertThat(EncodedWords.decode("a =?utf-8?Q?b?=c")).isEqualTo("a bc");
    }

    @Test
    void hostileEncodedWordsStayLinear() {
        // each of these would make a backtracking decoder quadratic; here a megabyte takes one pass
        for (String unit : List.of("=?", "=?a?Q?", "=?utf-8?B?", "=?x?Q?a=?")) {
            String hostile = unit.repeat(1_000_000 / unit.length());
            assertThat(EncodedWords.decode(hostile)).hasSizeGreaterThan(0);
        }
    }

    @Test
    void addressesComeFromTheRawHeader() throws Exception {
        assertThat(MailAddresses.parse("=?UTF-8?B?Rm9vLCBCYXI=?= <foo.bar@example.com>")).containsExactly("foo.bar@example.com");
        InboundRequest r = parse("From: =?UTF-8?B?Rm9vLCBCYXI=?= <foo.bar@example.com>\nSubject: =?utf-7?Q?Fr+APY-sche?=");
        assertThat(r.sender()).isEqualTo("foo.bar@example.com");
        assertThat(r.subject()).isEqualTo("Frösche");
        assertThat(r.wellFormed()).isTrue();
        assertThat(MailAddresses.first("Pete(A wonderful \\) chap) <pete(his account)@silly.test(his host)>")).isEqualTo("pete@silly.test");
        assertThat(MailAddresses.first("Mail Delivery Subsystem <MAILER-DAEMON>")).isEqualTo("MAILER-DAEMON");
        assertThat(MailAddresses.first("MAILER-DAEMON <>")).isEmpty();
    }

    @Test
    void messageIdAndReferencesStayRaw() throws Exception {
        InboundRequest r = parse("From: a@example.com\nMessage-ID: <=?utf-8?B?AAE=?=@x.example>\nReferences: <a@x> <b@x>");
        assertThat(r.messageId()).isEqualTo("<=?utf-8?B?AAE=?=@x.example>");
        assertThat(r.references()).containsExactly("<a@x>", "<b@x>");
    }

    @Test
    void unparseableBouncesAreRecognisedNotFailed() throws Exception {
        assertThat(screen("From: MAILER-DAEMON <>\nSubject: x").disposition()).isEqualTo(Verdict.Disposition.FORWARD);
        assertThat(screen("From: <>\nSubject: x").reason()).isEqualTo(ScreenReason.BOUNCE);
        assertThat(screen("From: Mail Delivery Subsystem <MAILER-DAEMON>\nSubject: x").reason()).isEqualTo(ScreenReason.BOUNCE);
        assertThat(screen("From: root@localhost\nReturn-Path: <MAILER-DAEMON@host>").reason()).isEqualTo(ScreenReason.BOUNCE);
        assertThat(screen("From: x@localhost\nContent-Type: multipart/report; boundary=b\n\n--b\nContent-Type: text/plain")
                .reason()).isEqualTo(ScreenReason.BOUNCE);
        // and what nothing recognises fails with the parser's reason
        Verdict v = screen("From: x@localhost\nSubject: hello");
        assertThat(v.disposition()).isEqualTo(Verdict.Disposition.FAIL);
        assertThat(v.detail()).contains("From header has no usable address");
    }

    @Test
    void everyOwnAddressSpellingIsOwn() throws Exception {
        for (String from : List.of("get@responder.test", "GET+x@Responder.Test", "get+fa@responder.test",
                "complaints+x@responder.test", "abuse@responder.test", "abuse+y@other.test", "android@other.test")) {
            assertThat(screen("From: " + from + "\nSubject: hi").reason()).as(from).isEqualTo(ScreenReason.OWN_ADDRESS);
        }
        // postmaster and mailer-daemon at a served domain are delivery systems first: forwarded as bounces
        assertThat(screen("From: mailer-daemon+x@responder.test").reason()).isEqualTo(ScreenReason.BOUNCE);
        assertThat(screen("From: someone@responder.test\nSubject: hi").disposition()).isEqualTo(Verdict.Disposition.ANSWER);
    }

    @Test
    void peopleAreAnsweredWhateverTheyWrite() throws Exception {
        for (String subject : List.of("please send me the app", "Re: Automatic reply: earlier", "Fwd: my photos",
                "Reading the news", "Auto insurance question", "Out of ideas, please help", "Confirm: is this free?",
                "سلام، لطفا برنامه را بفرستید", "Прошу прислать программу", "请发送软件")) {
            assertThat(screen("From: person@example.com\nSubject: " + subject).disposition()).as(subject)
                    .isEqualTo(Verdict.Disposition.ANSWER);
        }
    }

    @Test
    void aForwardedDeliveryFailureGoesToTheAdmins() throws Exception {
        for (String subject : List.of("Fwd: Undeliverable: hello", "FW: Returned mail: see transcript for details",
                "TR: Undelivered Mail Returned to Sender", "WG: Fwd: Delivery Status Notification (Failure)")) {
            Verdict v = screen("From: person@example.com\nSubject: " + subject);
            assertThat(v.disposition()).as(subject).isEqualTo(Verdict.Disposition.FORWARD);
            assertThat(v.reason()).as(subject).isEqualTo(ScreenReason.BOUNCE);
        }
    }

    @Test
    void vendorAutoRepliesAndLocalisedSubjectsAreStopped() throws Exception {
        assertThat(screen("From: a@example.com\nX-Apple-Action: VACATION").reason()).isEqualTo(ScreenReason.AUTORESPONDER_HEADER);
        // a challenge-response system's request to confirm the sender (Bluebottle) is an automatic mail too
        assertThat(screen("From: a@example.com\nSubject: RE: hi\nX-Bluebottle-Request: <1234>").reason())
                .isEqualTo(ScreenReason.AUTORESPONDER_HEADER);
        for (String s : List.of("Automatic reply: hi", "Auto reply: hi", "Out of Office: hi", "Abwesenheitsnotiz: hi",
                "Réponse automatique : hi", "[Auto-Reply] hi", "Автоответ: hi", "自动回复: hi",
                "AUTO: Smith, John is out of the office. (returning 05/01/2010)")) {
            assertThat(screen("From: a@example.com\nSubject: " + s).reason()).as(s).isEqualTo(ScreenReason.AUTO_REPLY_SUBJECT);
        }
        assertThat(screen("From: a@example.com\nSubject: Read: hi").reason()).isEqualTo(ScreenReason.READ_RECEIPT);
        assertThat(screen("From: a@example.com\nSubject: Please confirm your message").reason())
                .isEqualTo(ScreenReason.CHALLENGE_RESPONSE);
    }

    @Test
    void aSubjectThatLabelsItselfAutoGeneratedIsNotAnswered() throws Exception {
        // Discourse's fixture: no header marks it, only the system's bracketed label at the start of the subject
        assertThat(screenSample("discourse/auto_generated_subject.eml").reason())
                .isEqualTo(ScreenReason.AUTO_REPLY_SUBJECT);
        assertThat(screen("From: a@example.com\nSubject: [Auto-generated] Ticket 42 received").reason())
                .isEqualTo(ScreenReason.AUTO_REPLY_SUBJECT);
        // a person writing about auto-generated things is answered: the label needs its closing bracket
        for (String subject : List.of("Auto generated links are broken, please send the app",
                "auto-generated password does not work", "Re: [AUTO GENERATED] Some subject")) {
            assertThat(screen("From: person@example.com\nSubject: " + subject).disposition()).as(subject)
                    .isEqualTo(Verdict.Disposition.ANSWER);
        }
    }

    @Test
    void groupWiseStatusMessagesAreNotAnswered() throws Exception {
        // GroupWise reports a message's fate from the recipient's own address, subject "Message status - <status>",
        // with no header that marks it (the convention ezmlm-weed and the bounce parsers know it by)
        for (String status : List.of("opened", "delivered", "deleted", "completed")) {
            assertThat(screen("From: person@example.com\nSubject: Message status - " + status).reason()).as(status)
                    .isEqualTo(ScreenReason.READ_RECEIPT);
        }
        Verdict undeliverable = screen("From: person@example.com\nSubject: Message status - undeliverable");
        assertThat(undeliverable.disposition()).isEqualTo(Verdict.Disposition.FORWARD);
        assertThat(undeliverable.reason()).isEqualTo(ScreenReason.BOUNCE);
        for (String subject : List.of("Message status?", "message status - please send the app", "Re: Message status - opened")) {
            assertThat(screen("From: person@example.com\nSubject: " + subject).disposition()).as(subject)
                    .isEqualTo(Verdict.Disposition.ANSWER);
        }
    }

    @Test
    void vendorAutoresponderHeadersOfShopsAndTicketSystemsAreStopped() throws Exception {
        // Amazon's customer-service auto-responder: a person-like From, no Auto-Submitted, only its own header
        assertThat(screen("From: \"Amazon.com\" <nobody@bounces.amazon.com>\nReturn-Path: <prvs=7127c0e8a=mailnull@amazon.com>"
                + "\nSubject: Re: hi\nX-Amazon-Auto-Reply: true").reason()).isEqualTo(ScreenReason.AUTORESPONDER_HEADER);
        // KANA Response, a customer-service system, acknowledges every mail it receives
        assertThat(screen("From: service@shop.example\nSubject: Re: hi\nX-Mailer: KANA Response 9.0").reason())
                .isEqualTo(ScreenReason.AUTORESPONDER_HEADER);
        assertThat(screen("From: person@example.com\nSubject: hi\nX-Mailer: Microsoft Outlook 16.0").disposition())
                .isEqualTo(Verdict.Disposition.ANSWER);
    }

    /** A sample of the real-world corpus as Postfix would deliver it to a served address. */
    static Verdict screenSample(String file) throws Exception {
        return SCREEN.screen(PARSER.parse(RealMailCorpus.samples().stream().filter(s -> s.file().equals(file))
                .findFirst().orElseThrow().delivered(), CONFIG::serves), CONFIG);
    }

    @Test
    void aBulkMailersBounceProcessorAsEnvelopeSenderIsNotAnswered() throws Exception {
        // VERP: the envelope sender names the mailing system's bounce processor and the recipient; the From a person
        assertThat(screen("From: shop@example.com\nReturn-Path: <bounces-main+someone=example.org@example.com>")
                .reason()).isEqualTo(ScreenReason.NOREPLY_SENDER);
        assertThat(screen("From: Ann <ann@example.com>\nReturn-Path: <noreply@example.com>").reason())
                .isEqualTo(ScreenReason.NOREPLY_SENDER);
        // a person's envelope sender is their own address, or a forwarder's SRS rewrite of it
        assertThat(screen("From: ann@example.com\nReturn-Path: <ann@example.com>").disposition())
                .isEqualTo(Verdict.Disposition.ANSWER);
        assertThat(screen("From: ann@example.com\nReturn-Path: <SRS0=x1Yz=AB=example.com=ann@forward.example>")
                .disposition()).isEqualTo(Verdict.Disposition.ANSWER);
        // a company's one-off mass mailing with no list header (bounce_email's fixture)
        assertThat(screenSample("getoutreach-bounce-email/non_bounces/tt_1234241664.txt").reason())
                .isEqualTo(ScreenReason.NOREPLY_SENDER);
    }

    @Test
    void aMailSystemThatEscapesItsOwnAddressIsStillAMailSystem() throws Exception {
        // Exchange wrote From: <Postmaster\@host@host>: no usable address, but postmaster names itself first
        Verdict v = screen("From: <Postmaster\\@example.com@example.com>\nSubject: hello");
        assertThat(v.reason()).isEqualTo(ScreenReason.BOUNCE);
        assertThat(v.detail()).contains("postmaster");
        assertThat(screen("From: <\"post\\@master\"@example.com>\nSubject: hello").disposition())
                .isNotEqualTo(Verdict.Disposition.FORWARD);
        assertThat(screenSample("flufl-bounce/simple_35.txt").reason()).isEqualTo(ScreenReason.BOUNCE);
    }

    @Test
    void gatewaySubjectsAndBalticAutoRepliesAreRecognised() throws Exception {
        for (String subject : List.of("Mail Delivery Warning", "Mail could not be delivered",
                "RE: Your message to the list awaits moderator approval : non remis (delivery failed)",
                "Re: hello (Undeliverable)")) {
            Verdict v = screen("From: gateway@example.com\nSubject: " + subject);
            assertThat(v.reason()).as(subject).isEqualTo(ScreenReason.BOUNCE);
            assertThat(v.disposition()).as(subject).isEqualTo(Verdict.Disposition.FORWARD);
        }
        for (String subject : List.of("Arpus biroja atrasanas automatiska atbilde: subjecting",
                "Autom\u0101tisk\u0101 atbilde: labdien", "\u0100rpus biroja: labdien", "Automatinis atsakymas: laba diena",
                "Automaatne vastus: tere")) {
            assertThat(screen("From: person@example.com\nSubject: " + subject).reason()).as(subject)
                    .isEqualTo(ScreenReason.AUTO_REPLY_SUBJECT);
        }
        assertThat(screenSample("flufl-bounce/simple_20.txt").reason()).isEqualTo(ScreenReason.BOUNCE);
        assertThat(screenSample("getoutreach-bounce-email/non_bounces/tt_1234210666.txt").reason())
                .isEqualTo(ScreenReason.AUTO_REPLY_SUBJECT);
        // a person's words in parentheses, or about a failed download, are still a request
        for (String subject : List.of("Re: links (failed to download)", "Delivery of the app failed, please resend",
                "Mail me the app (urgent)", "Atbilde: l\u016bdzu programmu")) {
            assertThat(screen("From: person@example.com\nSubject: " + subject).disposition()).as(subject)
                    .isEqualTo(Verdict.Disposition.ANSWER);
        }
    }

    @Test
    void aComplaintThatResendsTheReportedMailItselfIsForwarded() throws Exception {
        // JMRP's other format: the reported mail as it was, its headers kept, the marker header added beside them
        Verdict v = screen("From: shop@example.com\nPrecedence: bulk\nX-HmXmrOriginalRecipient: someone@example.net\n"
                + "Subject: offers");
        assertThat(v.reason()).isEqualTo(ScreenReason.ABUSE_REPORT);
        assertThat(v.disposition()).isEqualTo(Verdict.Disposition.FORWARD);
        assertThat(screenSample("cfortune-php-bounce-handler/arf6.txt").reason()).isEqualTo(ScreenReason.ABUSE_REPORT);
        // the reported mail is one of the responder's own answers: still the admins' to see, not refused as own mail
        Verdict ours = screen("From: get@responder.test\nReturn-Path: <complaints@responder.test>\n"
                + "Auto-Submitted: auto-replied\nX-HmXmrOriginalRecipient: someone@example.net\nSubject: Re: links");
        assertThat(ours.reason()).isEqualTo(ScreenReason.ABUSE_REPORT);
        assertThat(ours.disposition()).isEqualTo(Verdict.Disposition.FORWARD);
    }

    @Test
    void lineEndsBecomeCrlf() {
        assertThat(new String(LineEnds.crlf("a\rb\nc\r\nd".getBytes(StandardCharsets.US_ASCII)), StandardCharsets.US_ASCII))
                .isEqualTo("a\r\nb\r\nc\r\nd");
        byte[] crlf = "a\r\nb".getBytes(StandardCharsets.US_ASCII);
        assertThat(LineEnds.crlf(crlf)).isSameAs(crlf);
    }

    @Test
    void theDefaultsAreTheWorkingDirectorysApplicationProperties() throws Exception {
        Properties p = new Properties();
        try (InputStreamReader r = new InputStreamReader(Files.newInputStream(Path.of("application.properties")),
                StandardCharsets.UTF_8)) {
            p.load(r);
        }
        ScreenSettings file = ScreenSettings.from("c@x", Set.of(), name -> p.getProperty("responder.screen." + name));
        ScreenSettings packaged = ScreenSettings.defaults("c@x", Set.of());
        assertThat(packaged.noreplyLocalPart().pattern()).isEqualTo(file.noreplyLocalPart().pattern());
        assertThat(packaged.deliveryFailureSubjects().pattern()).isEqualTo(file.deliveryFailureSubjects().pattern());
        assertThat(packaged.readReceiptSubjects().pattern()).isEqualTo(file.readReceiptSubjects().pattern());
        assertThat(packaged.autoReplySubjects().pattern()).isEqualTo(file.autoReplySubjects().pattern());
        assertThat(packaged.challengeSubjects().pattern()).isEqualTo(file.challengeSubjects().pattern());
        assertThat(packaged.bounceSenders()).isEqualTo(file.bounceSenders()).isNotEmpty();
        assertThat(packaged.listHeaders()).isEqualTo(file.listHeaders()).contains("list-id");
        assertThat(packaged.bulkPrecedence()).isEqualTo(file.bulkPrecedence()).contains("bulk");
        assertThat(packaged.complaintMarkerHeaders()).isEqualTo(file.complaintMarkerHeaders());
    }
}
