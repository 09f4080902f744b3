package org.mailresponder.delivery;

import java.util.Properties;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.mailresponder.compose.OutgoingMail;

/** Turns an outgoing mail into what the SMTP and SES components send: a message carrying exactly its bytes. */
public class TransportMessages {

    private final Session session;

    public TransportMessages() {
        Properties props = new Properties();
        props.setProperty("mail.mime.allowutf8", "true");
        this.session = Session.getInstance(props);
    }

    /** A message whose {@code writeTo} yields exactly {@link OutgoingMail#toBytes()}. */
    public MimeMessage toMessage(OutgoingMail mail) throws MessagingException {
        return new PreparedMessage(session, mail);
    }

    /** Envelope recipients as one comma-separated string, the form the SES component reads. */
    public String recipientList(OutgoingMail mail) {
        return String.join(",", mail.recipients());
    }
}
