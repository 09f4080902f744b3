package org.mailresponder.screen;

import java.util.Set;

import org.mailresponder.config.ResponderConfig;
import org.mailresponder.inbound.InboundRequest;
import org.mailresponder.inbound.ScreenReason;
import org.mailresponder.inbound.Verdict;

/** Mailing-list and newsletter mail (RFC 2369/2919 {@code List-*} headers and list managers' own): not a request. */
public record ListHeaders(Set<String> names) implements ScreenRule {

    @Override
    public Verdict test(InboundRequest req, ResponderConfig config) {
        for (String name : names) {
            if (req.hasHeader(name)) {
                return Verdict.reject(ScreenReason.MAILING_LIST, name + " header present");
            }
        }
        return null;
    }
}
