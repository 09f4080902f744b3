package org.mailresponder.screen;

import java.util.Locale;
import java.util.Set;

import org.mailresponder.config.ResponderConfig;
import org.mailresponder.inbound.InboundRequest;
import org.mailresponder.inbound.ScreenReason;
import org.mailresponder.inbound.Verdict;

/** {@code Precedence: bulk|junk|list|auto_reply}: bulk or automatic mail by its sender's own account. */
public record BulkPrecedence(Set<String> values) implements ScreenRule {

    @Override
    public Verdict test(InboundRequest req, ResponderConfig config) {
        String precedence = req.header("precedence");
        if (precedence == null || precedence.length() > 100) {
            return null;
        }
        String value = precedence.strip().toLowerCase(Locale.ROOT);
        return values.contains(value) ? Verdict.reject(ScreenReason.BULK_PRECEDENCE, "Precedence: " + value) : null;
    }
}
