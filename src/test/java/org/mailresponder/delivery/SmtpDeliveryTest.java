package org.mailresponder.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.Properties;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailresponder.compose.OutgoingMail;
import org.mailresponder.testing.ResponderRouteTest;

/** Answers and admin forwards go to a real SMTP server (GreenMail) as exactly the bytes that were composed. */
class SmtpDeliveryTest extends ResponderRouteTest {

    private static GreenMail smtp;
    // Static: Camel's test support builds the registry from its constructor, before instance fields are set.
    private static final RecordingTransportMessages recorder = new RecordingTransportMessages();

    @BeforeAll
    static void startSmtp() {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
    }

    @AfterAll
    static void stopSmtp() {
        if (smtp != null) {
            smtp.stop();
        }
    }

    @BeforeEach
    void purge() throws Exception {
        smtp.purgeEmailFromAllMailboxes();
        recorder.handed.clear();
        // The started service looks the bean up per mail, so the recording one takes over from here on.
        context.getRegistry().unbind("transportMessages");
        context.getRegistry().bind("transportMessages", recorder);
    }

    @Override
    protected void testProperties(Properties p) {
        p.setProperty("responder.delivery.method", "smtp");
        p.setProperty("responder.smtp.host", "127.0.0.1");
        p.setProperty("responder.smtp.port", String.valueOf(smtp.getSmtp().getPort()));
    }

    @Test
    void answersArriveByteForByteWithTheComplaintsAddressAsEnvelopeSender() throws Exception {
        drop("1.req", Files.readAllBytes(PROJECT.resolve("config/samples/01-plain-request.eml")));
        awaitDrained();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> smtp.getReceivedMessages().length == 2);

        assertThat(recorder.handed).hasSize(2);
        MimeMessage[] received = smtp.getReceivedMessages();
        for (int i = 0; i < 2; i++) {
            OutgoingMail sent = recorder.handed.get(i);
            MimeMessage got = received[i];
            assertThat(got.getAllRecipients()[0].toString()).isEqualTo("alice@mail.example");
            assertThat(got.getHeader("Return-Path")[0]).isEqualTo("<complaints@responder.test>");
            assertThat(withoutTraceHeaders(raw(got))).as("entry %d arrives byte for byte", i)
                    .isEqualTo(withoutFinalCrlf(sent.toBytes()));
        }
        assertThat(files(outbox())).isEmpty();
    }

    @Test
    void complaintsAreForwardedToTheAdminsThroughTheRelay() throws Exception {
        drop("c.req", Files.readAllBytes(PROJECT.resolve("src/test/resources/corpus/27-complaint-x-original-to.eml")));
        awaitDrained();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> smtp.getReceivedMessages().length == 1);
        MimeMessage forward = smtp.getReceivedMessages()[0];
        assertThat(forward.getAllRecipients()[0].toString()).isEqualTo("admin@responder.test");
        assertThat(forward.getSubject()).startsWith("[mail-responder] complaint");
        // The forwarded original keeps the bare LF line ends it arrived with; SMTP carries lines as CRLF, so the
        // relay gets them as CRLF. Everything else is byte for byte.
        byte[] composed = recorder.handed.get(0).toBytes();
        assertThat(withoutTraceHeaders(raw(forward))).isEqualTo(withoutFinalCrlf(crlf(composed)));
    }

    private static byte[] raw(MimeMessage m) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.writeTo(out);
        return out.toByteArray();
    }

    /** GreenMail stores the DATA without the CRLF that precedes the final dot. */
    static byte[] withoutFinalCrlf(byte[] b) {
        int n = b.length;
        return n >= 2 && b[n - 2] == '\r' && b[n - 1] == '\n' ? Arrays.copyOf(b, n - 2) : b;
    }

    static byte[] crlf(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1).replaceAll("(?<!\r)\n", "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    /** GreenMail prepends Return-Path and Received; everything after them is what the client sent. */
    static byte[] withoutTraceHeaders(byte[] stored) {
        String s = new String(stored, StandardCharsets.ISO_8859_1);
        int pos = 0;
        while (s.startsWith("Return-Path:", pos) || s.startsWith("Received:", pos)) {
            int end = s.indexOf("\r\n", pos) + 2;
            while (s.charAt(end) == ' ' || s.charAt(end) == '\t') {
                end = s.indexOf("\r\n", end) + 2;
            }
            pos = end;
        }
        return Arrays.copyOfRange(stored, pos, stored.length);
    }
}
