package org.mailresponder.delivery;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.mailresponder.compose.OutgoingMail;

/** The real {@link TransportMessages}, keeping each signed mail handed to a transport so tests can compare bytes. */
class RecordingTransportMessages extends TransportMessages {

    final List<OutgoingMail> handed = new CopyOnWriteArrayList<>();

    @Override
    public MimeMessage toMessage(OutgoingMail mail) throws MessagingException {
        handed.add(mail);
        return super.toMessage(mail);
    }
}
