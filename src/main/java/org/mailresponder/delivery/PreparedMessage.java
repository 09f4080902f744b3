package org.mailresponder.delivery;

import java.io.ByteArrayInputStream;
import java.util.List;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import org.mailresponder.compose.OutgoingMail;
import org.eclipse.angus.mail.smtp.SMTPMessage;

/**
 * A finished (signed) mail re-read from its bytes, so that mail APIs send it as it is. Camel's SMTP sender calls
 * {@code saveChanges()}, which would regenerate headers and re-encode the MIME tree and so break the DKIM
 * signature; here it does nothing. The envelope sender and recipients are the mail's own, not its headers'.
 */
final class PreparedMessage extends SMTPMessage {

    private final Address[] envelopeRecipients;

    /**
     * The mail's header block is parsed as the mail APIs parse any message; its body is the mail's shared body array
     * itself, not a copy (every answer for an entry shares one, attachments included).
     */
    PreparedMessage(Session session, OutgoingMail mail) throws MessagingException {
        super(session);
        headers = new InternetHeaders(new ByteArrayInputStream(mail.headerBytes()), true);
        content = mail.body().bytes();
        modified = false;
        setEnvelopeFrom(mail.envelopeFrom());
        List<String> recipients = mail.recipients();
        envelopeRecipients = new Address[recipients.size()];
        for (int i = 0; i < recipients.size(); i++) {
            envelopeRecipients[i] = new InternetAddress(recipients.get(i), false);
        }
    }

    /** The array the message sends as its body (tests check it is the mail's own). */
    byte[] bodyArray() {
        return content;
    }

    /** The bytes are final; nothing may be rewritten. */
    @Override
    public void saveChanges() {
    }

    @Override
    public Address[] getAllRecipients() {
        return envelopeRecipients.clone();
    }
}
