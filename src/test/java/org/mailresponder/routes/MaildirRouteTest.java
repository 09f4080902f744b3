package org.mailresponder.routes;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.mailresponder.testing.Corpus;
import org.mailresponder.testing.Mails;
import org.mailresponder.testing.RequestMail;
import org.mailresponder.testing.ResponderRouteTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole corpus through the real routes: maildir in, outbox out. Every request ends in cur/ or failed/, answered
 * requests get one mail per config entry with the contract's headers and MIME structure, complaints and bounces are
 * forwarded to the admins, and nothing else is sent.
 */
class MaildirRouteTest extends ResponderRouteTest {

    /** Entries per requested address in config/responder.json. */
    static final Map<String, Integer> ENTRIES = Map.of(
            "get@responder.test", 2, "get+fa@responder.test", 1, "android@responder.test", 1);

    @Override
    protected void testProperties(Properties p) {
        p.setProperty("responder.rate-limit.daily-limit", "100");
        p.setProperty("responder.dkim.policy", "require");
        p.setProperty("responder.dkim.required-domains", "gmail.com,yahoo.com");
        p.setProperty("responder.dkim.authserv-ids", "mx.responder.test");
    }

    @Test
    void corpusEndsWhereItShouldAndOnlyAnsweredRequestsGetAnswers() throws Exception {
        List<Corpus.Case> cases = Corpus.cases();
        for (Corpus.Case c : cases) {
            drop(c.file(), c.bytes());
        }
        awaitDrained();

        List<String> failed = files(maildir().resolve("failed")).stream().map(f -> f.getFileName().toString()).toList();
        List<String> cur = files(maildir().resolve("cur")).stream().map(f -> f.getFileName().toString()).toList();
        for (Corpus.Case c : cases) {
            if (c.outcome().equals("failed")) {
                assertThat(failed).as(c.file()).contains(c.file(), c.file() + ".reason");
                assertThat(Files.readString(maildir().resolve("failed").resolve(c.file() + ".reason")))
                        .as("reason for " + c.file()).contains("MalformedRequestException");
            } else {
                assertThat(cur).as(c.file()).contains(c.file() + ":2,S");
            }
        }

        Map<String, List<MimeMessage>> answersByRequest = new HashMap<>();
        List<MimeMessage> forwards = new ArrayList<>();
        for (Path f : files(outbox())) {
            MimeMessage m = Mails.read(f);
            String inReplyTo = Mails.header(m, "In-Reply-To");
            if ("admin@responder.test".equals(Mails.header(m, "To"))) {
                forwards.add(m);
            } else {
                answersByRequest.computeIfAbsent(inReplyTo, k -> new ArrayList<>()).add(m);
            }
        }
        int expectedForwards = 0;
        for (Corpus.Case c : cases) {
            if (c.outcome().equals("failed")) {
                continue;
            }
            String messageId = Mails.header(Mails.parse(c.bytes()), "Message-ID");
            List<MimeMessage> answers = answersByRequest.getOrDefault(messageId, List.of());
            if (c.outcome().equals("answered")) {
                assertThat(answers).as("answers to " + c.file()).hasSize(ENTRIES.get(c.requested()));
                MimeMessage request = Mails.parse(c.bytes());
                for (MimeMessage a : answers) {
                    assertAnswerHeaders(a, request, c.requested());
                }
            } else {
                assertThat(answers).as("answers to " + c.file() + " (" + c.reason() + ")").isEmpty();
                if (c.outcome().equals("forwarded")) {
                    expectedForwards++;
                }
            }
        }
        assertThat(forwards).hasSize(expectedForwards);
        for (MimeMessage f : forwards) {
            assertThat(f.getSubject()).matches("\\[mail-responder\\] (complaint|bounce): .*");
            Multipart mp = (Multipart) f.getContent();
            assertThat(mp.getBodyPart(1).isMimeType("message/rfc822")).isTrue();
        }
    }

    private static void assertAnswerHeaders(MimeMessage a, MimeMessage request, String requested) throws Exception {
        String sender = ((InternetAddress) request.getFrom()[0]).getAddress();
        assertThat(a.getFrom()).extracting(Object::toString).containsExactly("get@responder.test");
        assertThat(a.getRecipients(MimeMessage.RecipientType.TO)).extracting(x -> ((InternetAddress) x).getAddress())
                .containsExactly(sender);
        assertThat(a.getReplyTo()).extracting(x -> ((InternetAddress) x).getAddress()).containsExactly(requested);
        String originalSubject = request.getSubject() == null ? "" : request.getSubject().strip();
        assertThat(a.getSubject()).isEqualTo(originalSubject.toLowerCase().startsWith("re:")
                ? originalSubject : ("Re: " + originalSubject).strip());
        assertThat(Mails.header(a, "Auto-Submitted")).isEqualTo("auto-replied");
        assertThat(Mails.header(a, "In-Reply-To")).isEqualTo(Mails.header(request, "Message-ID"));
        assertThat(Mails.header(a, "References")).endsWith(Mails.header(request, "Message-ID"));
        assertThat(Mails.header(a, "Message-ID")).matches("<[^@>]+@responder\\.test>");
        assertThat(a.getSentDate()).isNotNull();
        assertThat(a.isMimeType("multipart/mixed")).isTrue();
    }

    @Test
    void persianRussianAndChineseSubjectsSurviveIntoTheReply() throws Exception {
        Map<String, String> expected = Map.of(
                "07-persian-utf8-b.eml", "Re: درخواست لینک دانلود نسخه فارسی",
                "08-russian-koi8r.eml", "Re: Пришлите, пожалуйста, ссылки",
                "09-chinese-gb2312-163.eml", "Re: 请发送下载链接",
                "10-chinese-utf8-b-qq.eml", "Re: 你好，请发给我链接");
        for (String file : expected.keySet()) {
            drop(file, Files.readAllBytes(Corpus.DIR.resolve(file)));
        }
        awaitDrained();
        List<String> subjects = new ArrayList<>();
        for (Path f : files(outbox())) {
            subjects.add(Mails.read(f).getSubject());
        }
        assertThat(subjects).containsAll(expected.values());
    }

    @Test
    void answerStructureBodiesAndAttachmentsPerProvider() throws Exception {
        drop("plain.eml", RequestMail.from("alice@mail.example").to("get@responder.test")
                .messageId("<a1@mail.example>").bytes());
        drop("gmail.eml", RequestMail.from("Bob.Smith@gmail.com").dkimPass().to("get@responder.test")
                .messageId("<b1@mail.gmail.com>").bytes());
        drop("outlook.eml", RequestMail.from("carol@outlook.com").to("android@responder.test")
                .messageId("<c1@outlook.com>").bytes());
        awaitDrained();

        byte[] exe = Files.readAllBytes(PROJECT.resolve("config/buckets/installers/Psiphon3.exe"));
        byte[] apk = Files.readAllBytes(PROJECT.resolve("config/buckets/installers/PsiphonAndroid.apk"));
        Map<String, MimeMessage> byReq = new HashMap<>();
        for (Path f : files(outbox())) {
            MimeMessage m = Mails.read(f);
            byReq.put(Mails.header(m, "In-Reply-To") + "#" + f.getFileName().toString().replaceAll(".*-(\\d+)-[0-9a-f]{8}\\.eml", "$1"), m);
        }
        assertThat(byReq).hasSize(5);

        // Entry 0 for get@: mixed { alternative { plain, html } }, UTF-8 quoted-printable, html last
        MimeMessage links = byReq.get("<a1@mail.example>#0");
        Multipart mixed = (Multipart) links.getContent();
        assertThat(mixed.getCount()).isEqualTo(1);
        BodyPart alt = mixed.getBodyPart(0);
        assertThat(alt.isMimeType("multipart/alternative")).isTrue();
        Multipart alternatives = (Multipart) alt.getContent();
        assertThat(alternatives.getCount()).isEqualTo(2);
        BodyPart plain = alternatives.getBodyPart(0);
        BodyPart html = alternatives.getBodyPart(1);
        assertThat(plain.getContentType()).startsWith("text/plain").containsIgnoringCase("charset=UTF-8");
        assertThat(html.getContentType()).startsWith("text/html");
        assertThat(plain.getHeader("Content-Transfer-Encoding")).containsExactly("quoted-printable");
        assertThat((String) plain.getContent()).contains("فارسی - https://example.com/fa.html")
                .contains("Русский - https://example.com/ru.html");
        assertThat((String) html.getContent()).contains("<a href=\"https://example.com/en.html\">English</a>");

        // Entry 1 for get@: attachments base64, bytes intact, names unchanged for a non-listed provider
        assertAttachments(byReq.get("<a1@mail.example>#1"), exe, "Psiphon3.exe", apk, "PsiphonAndroid.apk");
        // Gmail: .exe loses its extension, .apk becomes .ap_
        assertAttachments(byReq.get("<b1@mail.gmail.com>#1"), exe, "Psiphon3", apk, "PsiphonAndroid.ap_");
        // Outlook asking android@: one entry, the apk renamed
        MimeMessage android = byReq.get("<c1@outlook.com>#0");
        Multipart parts = (Multipart) android.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(parts.getBodyPart(1).getFileName()).isEqualTo("PsiphonAndroid.ap_");
        assertThat(bytes(parts.getBodyPart(1))).isEqualTo(apk);
    }

    private static void assertAttachments(MimeMessage m, byte[] first, String firstName, byte[] second,
                                          String secondName) throws Exception {
        Multipart mp = (Multipart) m.getContent();
        assertThat(mp.getCount()).isEqualTo(3);
        assertThat(mp.getBodyPart(0).isMimeType("text/plain")).isTrue();
        BodyPart a = mp.getBodyPart(1);
        BodyPart b = mp.getBodyPart(2);
        assertThat(a.getDisposition()).isEqualTo(Part.ATTACHMENT);
        assertThat(a.getHeader("Content-Transfer-Encoding")).containsExactly("base64");
        assertThat(a.getFileName()).isEqualTo(firstName);
        assertThat(bytes(a)).isEqualTo(first);
        assertThat(b.getFileName()).isEqualTo(secondName);
        assertThat(bytes(b)).isEqualTo(second);
    }

    private static byte[] bytes(BodyPart p) throws Exception {
        try (InputStream in = p.getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        }
    }

}
