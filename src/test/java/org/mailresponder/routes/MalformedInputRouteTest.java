package org.mailresponder.routes;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mailresponder.testing.Mails;
import org.mailresponder.testing.RequestMail;
import org.mailresponder.testing.ResponderRouteTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile and broken requests land in failed/ with a reason naming the problem, and the service goes on answering
 * the requests that follow them.
 */
class MalformedInputRouteTest extends ResponderRouteTest {

    @Test
    void brokenMailGoesToFailedWithReasonAndTheNextRequestIsAnswered() throws Exception {
        Map<String, byte[]> bad = new LinkedHashMap<>();
        bad.put("no-from", ascii("X-Original-To: get@responder.test\r\nSubject: hi\r\nMessage-ID: <n1@x.example>\r\n\r\nbody\r\n"));
        bad.put("garbage-8bit-headers", concat(ascii("X-Original-To: get@responder.test\r\nFrom: "),
                new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0x80, '@', (byte) 0x81, (byte) 0xc3},
                ascii("\r\nSubject: "), new byte[] {(byte) 0xfa, (byte) 0xfb, 0x01, 0x02},
                ascii("\r\nMessage-ID: <g1@x.example>\r\n\r\nbody\r\n")));
        bad.put("ten-megabyte-body", tenMegabytes());
        bad.put("nested-500", nested(500));
        for (Map.Entry<String, byte[]> e : bad.entrySet()) {
            drop(e.getKey(), e.getValue());
        }
        drop("good-after", RequestMail.from("dora@mail.example").to("android@responder.test")
                .messageId("<good@mail.example>").bytes());
        // A multipart without its closing boundary is not a reason to lose a request: its headers are complete and
        // the body is never read. Public fixtures hold real clients' mails like it.
        byte[] truncated = ascii("""
                X-Original-To: get@responder.test\r
                From: trunc@mail.example\r
                Message-ID: <t1@mail.example>\r
                MIME-Version: 1.0\r
                Content-Type: multipart/mixed; boundary="XYZ"\r
                \r
                --XYZ\r
                Content-Type: text/plain\r
                \r
                please send the links, and then the connection dropped mid\r
                """);
        drop("truncated-mime", truncated);
        awaitDrained();

        assertThat(reason("no-from")).contains("no From header");
        assertThat(reason("garbage-8bit-headers")).contains("From");
        assertThat(reason("ten-megabyte-body")).contains("exceeds the limit of 8192000");
        assertThat(reason("nested-500")).contains("nested deeper than 20");
        for (Map.Entry<String, byte[]> e : bad.entrySet()) {
            assertThat(Files.readAllBytes(maildir().resolve("failed").resolve(e.getKey())))
                    .as("the failed mail is kept byte for byte").isEqualTo(e.getValue());
        }
        assertThat(maildir().resolve("cur").resolve("good-after:2,S")).exists();
        assertThat(maildir().resolve("cur").resolve("truncated-mime:2,S")).exists();
        // one answer to android@, two (one per config entry) to get@
        assertThat(files(outbox())).hasSize(3);
        assertThat(files(outbox()).stream().map(f -> Mails.header(Mails.read(f), "In-Reply-To")))
                .containsExactlyInAnyOrder("<good@mail.example>", "<t1@mail.example>", "<t1@mail.example>");
    }

    @Test
    void garbageInTheSubjectAloneIsStillAnswered() throws Exception {
        drop("odd-subject", concat(ascii("X-Original-To: android@responder.test\r\nFrom: eve@mail.example\r\nSubject: "),
                new byte[] {(byte) 0xfa, (byte) 0xfb, 'o', 'k'},
                ascii("\r\nMessage-ID: <odd@mail.example>\r\n\r\nbody\r\n")));
        awaitDrained();
        assertThat(files(outbox())).hasSize(1);
        assertThat(Mails.read(files(outbox()).get(0)).getSubject()).startsWith("Re: ").endsWith("ok");
    }

    private String reason(String name) throws Exception {
        return Files.readString(maildir().resolve("failed").resolve(name + ".reason"));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] tenMegabytes() {
        StringBuilder sb = new StringBuilder("X-Original-To: get@responder.test\r\nFrom: big@mail.example\r\n"
                + "Message-ID: <big@mail.example>\r\n\r\n");
        String line = "a".repeat(76) + "\r\n";
        while (sb.length() < 10 * 1024 * 1024) {
            sb.append(line);
        }
        return ascii(sb.toString());
    }

    private static byte[] nested(int depth) {
        StringBuilder sb = new StringBuilder("X-Original-To: get@responder.test\r\nFrom: nest@mail.example\r\n"
                + "Message-ID: <nest@mail.example>\r\nMIME-Version: 1.0\r\n");
        for (int i = 0; i < depth; i++) {
            sb.append("Content-Type: multipart/mixed; boundary=\"b").append(i).append("\"\r\n\r\n--b").append(i).append("\r\n");
        }
        sb.append("Content-Type: text/plain\r\n\r\ndeep\r\n");
        for (int i = depth - 1; i >= 0; i--) {
            sb.append("--b").append(i).append("--\r\n");
        }
        return ascii(sb.toString());
    }

    @Test
    void aFailedRequestMovedBackIntoNewIsPickedUpAgain() throws Exception {
        byte[] noFrom = ascii("X-Original-To: get@responder.test\r\nSubject: hi\r\nMessage-ID: <again@x.example>\r\n\r\nbody\r\n");
        drop("again", noFrom);
        awaitDrained();
        assertThat(maildir().resolve("failed/again")).exists();
        Files.delete(maildir().resolve("failed/again.reason"));
        // what an operator does to retry a request, after fixing whatever made it fail
        Files.move(maildir().resolve("failed/again"), maildir().resolve("new/again"));
        awaitDrained();
        assertThat(maildir().resolve("failed/again.reason")).as("processed again").exists();
    }
}
