package org.mailresponder.screen;

import java.util.Set;

import org.mailresponder.config.ResponderConfig;
import org.mailresponder.inbound.InboundRequest;
import org.mailresponder.inbound.ScreenReason;
import org.mailresponder.inbound.Verdict;

/**
 * A complaint system's marker header in the mail's own headers (Microsoft's JMRP writes
 * {@code X-HmXmrOriginalRecipient}): the format that resends the reported mail itself, its headers kept and the
 * marker added. Tested before {@link OwnAddress} on purpose: the reported mail is often one of the responder's own
 * answers, whose From is an own address, and a complaint about an answer is the one the admins most need to see.
 * Forwarding cannot loop: a forward goes to the admins, carries the mail as an attachment, and is capped per hour.
 */
public record ComplaintMarker(Set<String> markerHeaders) implements ScreenRule {

    @Override
    public Verdict test(InboundRequest req, ResponderConfig config) {
        for (String marker : markerHeaders) {
            if (req.hasHeader(marker)) {
                return Verdict.forward(ScreenReason.ABUSE_REPORT, "reported message carries " + marker);
            }
        }
        return null;
    }
}
