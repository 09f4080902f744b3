package org.mailresponder.screen;

import org.mailresponder.config.ResponderConfig;
import org.mailresponder.inbound.InboundRequest;
import org.mailresponder.inbound.ScreenReason;
import org.mailresponder.inbound.Verdict;

/**
 * Headers that autoresponders and vendors write instead of (or besides) RFC 3834's: the seed's list
 * ({@code X-Autorespond}, {@code X-Autoreply}, …), {@code X-Auto-Response-Suppress: All}, Apple's
 * {@code X-Apple-Action: VACATION}, and whatever the operator adds.
 */
public record AutoresponderHeaders(HeaderTests tests) implements ScreenRule {

    @Override
    public Verdict test(InboundRequest req, ResponderConfig config) {
        HeaderTests.Test hit = tests.match(req);
        return hit == null ? null
                : Verdict.reject(ScreenReason.AUTORESPONDER_HEADER, "autoresponder header " + hit);
    }
}
