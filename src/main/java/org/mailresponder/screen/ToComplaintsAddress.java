package org.mailresponder.screen;

import org.mailresponder.config.ResponderConfig;
import org.mailresponder.inbound.InboundRequest;
import org.mailresponder.inbound.ScreenReason;
import org.mailresponder.inbound.Verdict;
import org.mailresponder.inbound.SenderIdentity;

/** Mail to the complaints address (or a {@code +tag} of it) is a complaint: forwarded to the admins. */
public record ToComplaintsAddress(String complaintsAddress) implements ScreenRule {

    @Override
    public Verdict test(InboundRequest req, ResponderConfig config) {
        if (!req.requestedAddress().isEmpty()
                && SenderIdentity.canonical(req.requestedAddress()).equals(SenderIdentity.canonical(complaintsAddress))) {
            return Verdict.forward(ScreenReason.COMPLAINT, "addressed to the complaints address");
        }
        return null;
    }
}
