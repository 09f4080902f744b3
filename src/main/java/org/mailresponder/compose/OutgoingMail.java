package org.mailresponder.compose;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.mailresponder.config.SendMethod;

/**
 * A mail ready to leave: its header block (CRLF-terminated lines, without the blank separator line) and its
 * shared body. {@link #writeTo} produces exactly the bytes that are sent or written to the outbox.
 *
 * @param kind         what it is; routes branch on it (only an ANSWER counts as an answer sent or raises an alert)
 * @param requestId    the request it answers (its send-once key for a stats mail or a probe)
 * @param entryIndex   its claim in {@code answer_log}: the config entry of an ANSWER, else {@link Kind#claimEntry}
 * @param envelopeFrom the SMTP envelope sender (MAIL FROM / SES Source)
 * @param recipients   envelope recipients
 */
public record OutgoingMail(Kind kind, String requestId, int entryIndex, String envelopeFrom, List<String> recipients,
                           String headers, AnswerBody body, SendMethod sendMethod) {

    private static final byte[] CRLF = {'\r', '\n'};

    /** The kinds of mail the service writes. */
    public enum Kind {
        /** One config entry's answer to a request. */
        ANSWER(0),
        /** A complaint or bounce passed on to the admins. */
        FORWARD(-1),
        /** The admins' alert about an answer a transport rejected for good (never claimed). */
        ALERT(-2),
        /** The daily stats mail (claimed once per day under its own key). */
        STATS(-1),
        /** The round-trip probe's request (never claimed). */
        PROBE(-1),
        /** The over-limit notice: a sender's first request over its daily limit (claimed like an answer). */
        NOTICE(-3);

        private final int claimEntry;

        Kind(int claimEntry) {
            this.claimEntry = claimEntry;
        }

        /** The {@code answer_log.entry} of a mail of this kind other than an answer (kept as rows were written). */
        public int claimEntry() {
            return claimEntry;
        }
    }

    /** A mail that is not an answer: its claim entry comes with its kind. */
    public static OutgoingMail of(Kind kind, String requestId, String envelopeFrom, List<String> recipients,
                                  String headers, AnswerBody body, SendMethod sendMethod) {
        if (kind == Kind.ANSWER) {
            throw new IllegalArgumentException("an answer names its config entry");
        }
        return new OutgoingMail(kind, requestId, kind.claimEntry(), envelopeFrom, recipients, headers, body,
                sendMethod);
    }

    public OutgoingMail withHeaders(String newHeaders) {
        return new OutgoingMail(kind, requestId, entryIndex, envelopeFrom, recipients, newHeaders, body, sendMethod);
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(headers.getBytes(StandardCharsets.US_ASCII));
        out.write(CRLF);
        out.write(body.bytes());
    }

    /**
     * The mail's bytes as a stream over the header text and the shared body array: a 2 MB attachment answer is
     * written to the outbox without copying its body (which every answer for the entry shares) per answer.
     */
    public InputStream openStream() {
        return new SequenceInputStream(new ByteArrayInputStream(headerBytes()), new ByteArrayInputStream(body.bytes()));
    }

    /** The header block and the blank line that ends it. */
    public byte[] headerBytes() {
        return (headers + "\r\n").getBytes(StandardCharsets.US_ASCII);
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
     * A file name for the outbox that identifies the answer without naming anyone: request hash, claim entry (as the
     * start-up recovery of claims reads it, {@code AnswerClaims}), and a random part, so that a mail sent twice
     * would show as two files instead of overwriting one.
     */
    public String outboxFileName() {
        return outboxKey(requestId, entryIndex) + "-" + java.util.UUID.randomUUID().toString().substring(0, 8) + ".eml";
    }

    /** The request-and-claim part of an outbox file name. */
    public static String outboxKey(String requestId, int entryIndex) {
        String claim = entryIndex >= 0 ? String.valueOf(entryIndex)
                : entryIndex == Kind.NOTICE.claimEntry() ? "notice" : "forward";
        return requestId.substring(0, Math.min(24, requestId.length())) + "-" + claim;
    }

    @Override
    public String toString() {
        return "OutgoingMail[" + kind + ", request=" + requestId + ", entry=" + entryIndex + ", via=" + sendMethod + "]";
    }
}
