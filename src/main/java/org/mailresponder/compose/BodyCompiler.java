package org.mailresponder.compose;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;

import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.ParameterList;
import jakarta.mail.util.ByteArrayDataSource;
import org.mailresponder.config.BodyPart;
import org.mailresponder.inbound.LineEnds;

/**
 * Turns body parts and attachments into the bytes of a MIME body with Jakarta Mail: text as UTF-8
 * quoted-printable, attachments base64. Boundaries are derived from a caller-given seed instead of being random,
 * so the same entry always yields the same bytes and the result can be shared by every answer.
 */
final class BodyCompiler {

    /** A named attachment payload. */
    record NamedAttachment(String filename, byte[] bytes) {
    }

    private static final Session SESSION = Session.getInstance(new Properties());

    private BodyCompiler() {
    }

    static AnswerBody compile(List<BodyPart> texts, List<NamedAttachment> attachments, String boundarySeed) {
        try {
            MimeMultipart alternative = null;
            if (texts.size() > 1) {
                alternative = new FixedBoundaryMultipart("alternative", boundarySeed + ".alt");
                for (BodyPart t : texts) {
                    alternative.addBodyPart(textPart(t));
                }
            }
            MimeMultipart mixed = new FixedBoundaryMultipart("mixed", boundarySeed + ".mix");
            if (alternative != null) {
                MimeBodyPart holder = new MimeBodyPart();
                holder.setContent(alternative);
                mixed.addBodyPart(holder);
            } else {
                mixed.addBodyPart(textPart(texts.get(0)));
            }
            for (NamedAttachment a : attachments) {
                mixed.addBodyPart(attachmentPart(a));
            }
            Object content = mixed;
            String contentType = mixed.getContentType();
            return serialize(content, contentType);
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("cannot compose answer body: " + e.getMessage(), e);
        }
    }

    /**
     * A short text followed by the original message, for admin forwards. The original is canonicalised to CRLF
     * line ends first (maildir files have bare LF, some tools bare CR): relays rewrite other line ends, which
     * would break the forward's DKIM body hash. A 7-bit original with lines SMTP can carry goes as
     * {@code message/rfc822}, readable inline; any other (8-bit bytes, lines over 998 octets) as a base64
     * {@code application/octet-stream} attachment, which no relay re-encodes.
     */
    static AnswerBody compileWithMessage(String text, byte[] message, String boundarySeed) {
        try {
            MimeMultipart mixed = new FixedBoundaryMultipart("mixed", boundarySeed);
            mixed.addBodyPart(textPart(new BodyPart(BodyPart.Kind.PLAIN, text)));
            byte[] original = LineEnds.crlf(message);
            MimeBodyPart attached = new MimeBodyPart();
            if (sevenBitLines(original)) {
                attached.setDataHandler(new DataHandler(new ByteArrayDataSource(original, "message/rfc822")));
                attached.setHeader("Content-Transfer-Encoding", "7bit");
            } else {
                attached.setDataHandler(new DataHandler(new ByteArrayDataSource(original, "application/octet-stream")));
                attached.setHeader("Content-Transfer-Encoding", "base64");
            }
            attached.setDisposition(jakarta.mail.Part.ATTACHMENT);
            attached.setFileName("original.eml");
            mixed.addBodyPart(attached);
            return serialize(mixed, mixed.getContentType());
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("cannot compose forward: " + e.getMessage(), e);
        }
    }

    /**
     * A report for operators: {@code multipart/alternative} { plain, {@code multipart/related} { html, an inline
     * image the html shows by its Content-ID } }.
     */
    static AnswerBody compileReport(String plain, String html, InlineImage image, String boundarySeed) {
        try {
            MimeMultipart related = new FixedBoundaryMultipart("related", boundarySeed + ".rel");
            related.addBodyPart(textPart(new BodyPart(BodyPart.Kind.HTML, html)));
            MimeBodyPart picture = new MimeBodyPart();
            picture.setDataHandler(new DataHandler(new ByteArrayDataSource(image.bytes(), image.mimeType())));
            picture.setContentID("<" + image.contentId() + ">");
            picture.setDisposition(jakarta.mail.Part.INLINE);
            picture.setFileName(image.fileName());
            picture.setHeader("Content-Transfer-Encoding", "base64");
            related.addBodyPart(picture);
            MimeBodyPart relatedHolder = new MimeBodyPart();
            relatedHolder.setContent(related);
            MimeMultipart alternative = new FixedBoundaryMultipart("alternative", boundarySeed + ".alt");
            alternative.addBodyPart(textPart(new BodyPart(BodyPart.Kind.PLAIN, plain)));
            alternative.addBodyPart(relatedHolder);
            return serialize(alternative, alternative.getContentType());
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("cannot compose report: " + e.getMessage(), e);
        }
    }

    /** Only 7-bit bytes, no NUL, and no line longer than SMTP's 998 octets (the input has CRLF line ends). */
    static boolean sevenBitLines(byte[] crlf) {
        int line = 0;
        for (byte b : crlf) {
            if (b < 0 || b == 0) {
                return false;
            }
            if (b == '\n') {
                line = 0;
            } else if (b != '\r' && ++line > 998) {
                return false;
            }
        }
        return true;
    }

    private static AnswerBody serialize(Object content, String contentType) throws MessagingException, IOException {
        MimeMessage carrier = new MimeMessage(SESSION);
        carrier.setContent(content, contentType);
        carrier.saveChanges();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        carrier.writeTo(out, new String[] {"Message-ID", "MIME-Version", "Date"});
        byte[] all = out.toByteArray();
        return new AnswerBody(contentType, java.util.Arrays.copyOfRange(all, bodyStart(all), all.length));
    }

    private static int bodyStart(byte[] all) {
        for (int i = 0; i + 3 < all.length; i++) {
            if (all[i] == '\r' && all[i + 1] == '\n' && all[i + 2] == '\r' && all[i + 3] == '\n') {
                return i + 4;
            }
        }
        throw new IllegalStateException("composed message has no header/body separator");
    }

    private static MimeBodyPart textPart(BodyPart t) throws MessagingException {
        MimeBodyPart part = new MimeBodyPart();
        part.setText(t.text(), StandardCharsets.UTF_8.name(), t.kind() == BodyPart.Kind.HTML ? "html" : "plain");
        part.setHeader("Content-Transfer-Encoding", "quoted-printable");
        return part;
    }

    private static MimeBodyPart attachmentPart(NamedAttachment a) throws MessagingException {
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(a.bytes(), "application/octet-stream")));
        part.setFileName(a.filename());
        part.setDisposition(jakarta.mail.Part.ATTACHMENT);
        part.setHeader("Content-Transfer-Encoding", "base64");
        return part;
    }

    /** A multipart whose boundary is given, not random. */
    private static final class FixedBoundaryMultipart extends MimeMultipart {
        FixedBoundaryMultipart(String subtype, String boundary) {
            super(subtype);
            ParameterList params = new ParameterList();
            params.set("boundary", "=_mr_" + boundary);
            this.contentType = new ContentType("multipart", subtype, params).toString();
        }
    }
}
