package org.mailresponder.screen;

import org.mailresponder.config.ResponderConfig;
import org.mailresponder.inbound.InboundRequest;
import org.mailresponder.inbound.ScreenReason;
import org.mailresponder.inbound.Verdict;

/** {@code X-Spam-Flag: YES} from the MTA's spam filter. */
public record SpamFlag() implements ScreenRule {

    @Override
    public Verdict test(InboundRequest req, ResponderConfig config) {
        String spam = req.header("x-spam-flag");
        return spam != null && spam.strip().equalsIgnoreCase("yes")
                ? Verdict.reject(ScreenReason.SPAM_FLAG, "X-Spam-Flag: YES") : null;
    }
}
