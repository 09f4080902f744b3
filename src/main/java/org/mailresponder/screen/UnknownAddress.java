package org.mailresponder.screen;

import org.mailresponder.config.ResponderConfig;
import org.mailresponder.inbound.InboundRequest;
import org.mailresponder.inbound.ScreenReason;
import org.mailresponder.inbound.Verdict;

/** Mail to an address the config does not serve. */
public record UnknownAddress() implements ScreenRule {

    @Override
    public Verdict test(InboundRequest req, ResponderConfig config) {
        return config.serves(req.requestedAddress()) ? null
                : Verdict.reject(ScreenReason.UNKNOWN_ADDRESS, "no config entry for " + req.requestedAddress());
    }
}
