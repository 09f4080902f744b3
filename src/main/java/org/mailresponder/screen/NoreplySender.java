package org.mailresponder.screen;

import java.util.regex.Pattern;

import org.mailresponder.config.ResponderConfig;
import org.mailresponder.inbound.InboundRequest;
import org.mailresponder.inbound.ScreenReason;
import org.mailresponder.inbound.Verdict;

/** A sender local part that says no one reads replies ({@code noreply}, {@code bounces}, …): never answered. */
public record NoreplySender(Pattern localPart) implements ScreenRule {

    /** Local parts are at most 64 characters; the operator's pattern never sees more. */
    private static final int MAX_LOCAL = 64;

    @Override
    public Verdict test(InboundRequest req, ResponderConfig config) {
        String local = req.senderLocalPart();
        if (local.isEmpty() || local.length() > MAX_LOCAL) {
            return null;
        }
        if (localPart.matcher(local).matches()) {
            return Verdict.reject(ScreenReason.NOREPLY_SENDER, "sender local part looks like a no-reply address");
        }
        return null;
    }
}
