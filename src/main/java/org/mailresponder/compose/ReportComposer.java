package org.mailresponder.compose;

import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;

import org.mailresponder.config.SendMethod;

/**
 * Composes the mails the service writes to its operators (the daily stats mail) with the answers' own builders
 * ({@link HeaderBlock}, {@link BodyCompiler}), so they are signed and delivered byte for byte like an answer.
 */
public final class ReportComposer {

    private final String fromAddress;
    private final String fromName;
    private final String envelopeFrom;
    private final String messageIdDomain;

    public ReportComposer(String fromAddress, String fromName, String envelopeFrom) {
        this.fromAddress = fromAddress;
        this.fromName = fromName;
        this.envelopeFrom = envelopeFrom;
        this.messageIdDomain = fromAddress.substring(fromAddress.indexOf('@') + 1);
    }

    /**
     * @param key     the mail's send-once key (its claim in answer_log) and the seed of its MIME boundaries
     * @param plain   the plain-text alternative
     * @param html    the HTML alternative, showing {@code image} by its Content-ID
     */
    public OutgoingMail compose(OutgoingMail.Kind kind, String key, List<String> recipients, String subject,
                                ZonedDateTime date, String plain, String html, InlineImage image) {
        AnswerBody body = BodyCompiler.compileReport(plain, html, image, key.substring(0, Math.min(24, key.length())));
        HeaderBlock h = new HeaderBlock()
                .date(date)
                .add("From", AnswerComposer.address(fromAddress, fromName))
                .add("Message-ID", "<" + UUID.randomUUID() + "@" + messageIdDomain + ">")
                .add("To", String.join(", ", recipients))
                .addText("Subject", subject)
                .add("Auto-Submitted", "auto-generated")
                .add("MIME-Version", "1.0")
                .add("Content-Type", body.contentType());
        return OutgoingMail.of(kind, key, envelopeFrom, recipients, h.toString(), body, SendMethod.DEFAULT);
    }
}
