package org.mailresponder.screen;

import java.util.Map;
import java.util.Set;

import org.mailresponder.config.ResponderConfig;
import org.mailresponder.inbound.InboundRequest;
import org.mailresponder.inbound.MailAddresses;
import org.mailresponder.inbound.ScreenReason;
import org.mailresponder.inbound.Verdict;
import org.mailresponder.inbound.SenderIdentity;

/**
 * A complaint that is not ARF: a provider's staff or complaint system sending the reported mail back as an
 * attachment. Recognised by the attached message's headers, not the wording around it: a complaint system's marker
 * header in it (Microsoft's JMRP writes {@code X-HmXmrOriginalRecipient}), or the attached mail being one the
 * responder sent (its From is an own address). The marker in the mail's own headers is {@link ComplaintMarker}.
 */
public record ReturnedMessage(Set<String> markerHeaders, OwnAddress own) implements ScreenRule {

    @Override
    public Verdict test(InboundRequest req, ResponderConfig config) {
        Set<String> ownAddresses = null;
        for (Map<String, String> headers : req.skeleton().attachedHeaders()) {
            for (String marker : markerHeaders) {
                if (headers.containsKey(marker)) {
                    return Verdict.forward(ScreenReason.ABUSE_REPORT, "attached message carries " + marker);
                }
            }
            String from = MailAddresses.first(headers.get("from"));
            if (from != null && from.indexOf('@') > 0) {
                if (ownAddresses == null) {
                    ownAddresses = own.ownAddresses(config);
                }
                if (ownAddresses.contains(SenderIdentity.canonical(from))) {
                    return Verdict.forward(ScreenReason.ABUSE_REPORT, "carries a mail the responder sent");
                }
            }
        }
        return null;
    }
}
