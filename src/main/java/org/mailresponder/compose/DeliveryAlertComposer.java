package org.mailresponder.compose;

import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.mailresponder.config.BodyPart;
import org.mailresponder.config.SendMethod;
import org.mailresponder.inbound.InboundRequest;
import org.mailresponder.inbound.MailAddresses;

/**
 * The mail that tells the admins an answer was rejected for good (SES "Address blacklisted", "Message too
 * long", ...). It names the request and the hashed sender, never the address.
 */
public class DeliveryAlertComposer {

    private final String fromAddress;
    private final String envelopeFrom;
    private final List<String> adminAddresses;
    private final String subjectTag;
    private final Clock clock;

    public DeliveryAlertComposer(String fromAddress, String envelopeFrom, List<String> adminAddresses,
                                 String subjectTag, Clock clock) {
        this.fromAddress = fromAddress;
        this.envelopeFrom = envelopeFrom;
        this.adminAddresses = List.copyOf(adminAddresses);
        this.subjectTag = subjectTag;
        this.clock = clock;
    }

    public boolean hasAdmins() {
        return !adminAddresses.isEmpty();
    }

    public OutgoingMail compose(OutgoingMail rejected, InboundRequest request, String transport, String reason,
                                String detail) {
        String text = "An answer was rejected for good by " + transport + " and will not be retried.\r\n"
                + "Reason: " + reason + "\r\n"
                + "Detail: " + MailAddresses.redact(detail) + "\r\n"
                + "Request: " + rejected.requestId() + ", config entry " + rejected.entryIndex() + "\r\n"
                + "Requested address: " + (request == null ? "-" : request.requestedAddress()) + "\r\n"
                + "Sender (hashed): " + (request == null ? "-" : request.senderHash()) + "\r\n";
        AnswerBody body = BodyCompiler.compile(List.of(new BodyPart(BodyPart.Kind.PLAIN, text)), List.of(),
                rejected.requestId().substring(0, 24) + ".alert");
        String domain = fromAddress.substring(fromAddress.indexOf('@') + 1);
        HeaderBlock h = new HeaderBlock()
                .date(ZonedDateTime.now(clock))
                .add("From", address(fromAddress))
                .add("Message-ID", "<" + UUID.randomUUID() + "@" + domain + ">")
                .add("To", String.join(", ", adminAddresses))
                .addText("Subject", subjectTag + " delivery rejected (" + transport + "): " + reason)
                .add("Auto-Submitted", "auto-generated")
                .add("MIME-Version", "1.0")
                .add("Content-Type", body.contentType());
        return OutgoingMail.of(OutgoingMail.Kind.ALERT, rejected.requestId(), envelopeFrom, adminAddresses, h.toString(), body,
                SendMethod.DEFAULT);
    }

    private static String address(String a) {
        try {
            return new InternetAddress(a).toString();
        } catch (AddressException e) {
            throw new IllegalArgumentException("not an address: " + e.getMessage(), e);
        }
    }
}
