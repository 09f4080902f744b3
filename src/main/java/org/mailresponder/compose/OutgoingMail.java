package org.mailresponder.compose;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.mailresponder.config.SendMethod;

/**
 * A mail ready to leave: its header block (CRLF-terminated lines, without the blank separator line) and its
 * shared body. {@link #writeTo} produces exactly the bytes that are sent or written to the outbox.
 *
 * @param requestId    the request it answers
 * @param entryIndex   the config entry it comes from; -1 for admin forwards
 * @param envelopeFrom the SMTP envelope sender (MAIL FROM / SES Source)
 * @param recipients   envelope recipients
 */
public record OutgoingMail(String requestId, int entryIndex, String envelopeFrom, List<String> recipients,
                           String headers, AnswerBody body, SendMethod sendMethod) {

    private static final byte[] CRLF = {'\r', '\n'};

    public OutgoingMail withHeaders(String newHeaders) {
        return new OutgoingMail(requestId, entryIndex, envelopeFrom, recipients, newHeaders, body, sendMethod);
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(headers.getBytes(StandardCharsets.US_ASCII));
        out.write(CRLF);
        out.write(body.bytes());
    }

    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(headers.length() + 2 + body.bytes().length);
        try {
            writeTo(out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    /**
     * A file name for the outbox that identifies the answer without naming anyone: request hash, entry, and a
     * random part, so that a mail sent twice would show as two files instead of overwriting one.
     */
    public String outboxFileName() {
        return requestId.substring(0, 24) + (entryIndex < 0 ? "-forward" : "-" + entryIndex) + "-"
                + java.util.UUID.randomUUID().toString().substring(0, 8) + ".eml";
    }

    @Override
    public String toString() {
        return "OutgoingMail[request=" + requestId + ", entry=" + entryIndex + ", via=" + sendMethod + "]";
    }
}
