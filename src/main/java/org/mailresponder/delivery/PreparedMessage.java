package org.mailresponder.delivery;

import java.io.ByteArrayInputStream;
import java.util.List;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import org.eclipse.angus.mail.smtp.SMTPMessage;

/**
 * A finished (signed) mail re-read from its bytes, so that mail APIs send it as it is. Camel's SMTP sender calls
 * {@code saveChanges()}, which would regenerate headers and re-encode the MIME tree and so break the DKIM
 * signature; here it does nothing. The envelope sender and recipients are the mail's own, not its headers'.
 */
final class PreparedMessage extends SMTPMessage {

    private final Address[] envelopeRecipients;

    PreparedMessage(Session session, byte[] bytes, String envelopeFrom, List<String> recipients)
            throws MessagingException {
        super(session, new ByteArrayInputStream(bytes));
        setEnvelopeFrom(envelopeFrom);
        envelopeRecipients = new Address[recipients.size()];
        for (int i = 0; i < recipients.size(); i++) {
            envelopeRecipients[i] = new InternetAddress(recipients.get(i), false);
        }
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
