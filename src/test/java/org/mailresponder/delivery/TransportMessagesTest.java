package org.mailresponder.delivery;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Random;

import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.mailresponder.compose.AnswerBody;
import org.mailresponder.compose.OutgoingMail;
import org.mailresponder.config.SendMethod;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the SMTP and SES routes send, and what the outbox writes, is exactly the mail's bytes, and a large shared
 * body (an attachment answer) is sent from the one array every answer for its entry shares, not from a copy.
 */
class TransportMessagesTest {

    private static OutgoingMail attachmentAnswer() {
        byte[] body = new byte[2 * 1024 * 1024];
        new Random(7).nextBytes(body);
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) ('A' + (body[i] & 0x0f));
            if (i % 77 == 76) {
                body[i - 1] = '\r';
                body[i] = '\n';
            }
        }
        String headers = "DKIM-Signature: v=1; a=rsa-sha256; d=responder.test;\r\n\tb=abc\r\n"
                + "From: get@responder.test\r\nTo: someone@mail.example\r\nSubject: Re: links\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: application/octet-stream\r\n";
        return new OutgoingMail(OutgoingMail.Kind.ANSWER, "a".repeat(64), 1, "complaints@responder.test",
                List.of("someone@mail.example"), headers, new AnswerBody("application/octet-stream", body),
                SendMethod.DEFAULT);
    }

    @Test
    void theMessageSendsTheMailsExactBytesFromItsSharedBody() throws Exception {
        OutgoingMail mail = attachmentAnswer();
        MimeMessage message = new TransportMessages().toMessage(mail);

        ByteArrayOutputStream written = new ByteArrayOutputStream();
        message.writeTo(written);
        assertThat(written.toByteArray()).isEqualTo(mail.toBytes());
        assertThat(((PreparedMessage) message).bodyArray()).isSameAs(mail.body().bytes());

        message.saveChanges();
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        message.writeTo(again);
        assertThat(again.toByteArray()).as("saveChanges rewrites nothing").isEqualTo(mail.toBytes());
        assertThat(message.getSubject()).isEqualTo("Re: links");
        assertThat(message.getAllRecipients()).containsExactly(new InternetAddress("someone@mail.example"));
    }

    @Test
    void theOutboxStreamIsTheMailsExactBytes() throws Exception {
        OutgoingMail mail = attachmentAnswer();
        assertThat(mail.openStream().readAllBytes()).isEqualTo(mail.toBytes());
    }
}
