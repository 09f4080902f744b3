package org.mailresponder.screen;

import java.util.regex.Pattern;

import org.mailresponder.config.ResponderConfig;
import org.mailresponder.inbound.InboundRequest;
import org.mailresponder.inbound.MailAddresses;
import org.mailresponder.inbound.ScreenReason;
import org.mailresponder.inbound.Verdict;

/**
 * A sender local part that says no one reads replies ({@code noreply}, {@code bounces}, …): never answered. Tested on
 * the From and on the envelope sender the MTA recorded in {@code Return-Path}: bulk senders put their bounce
 * processor there ({@code bounces+user=example.org@…}, VERP, as Mailman and the mailing services do) while the From
 * names a person or the company, so a mass mailing sent without list headers still shows what it is.
 */
public record NoreplySender(Pattern localPart) implements ScreenRule {

    /** Local parts are at most 64 characters; the operator's pattern never sees more. */
    private static final int MAX_LOCAL = 64;

    @Override
    public Verdict test(InboundRequest req, ResponderConfig config) {
        if (matches(req.senderLocalPart())) {
            return Verdict.reject(ScreenReason.NOREPLY_SENDER, "sender local part looks like a no-reply address");
        }
        String envelope = MailAddresses.first(req.header("return-path"));
        if (envelope != null && matches(MailAddresses.localPart(envelope))) {
            return Verdict.reject(ScreenReason.NOREPLY_SENDER,
                    "envelope sender (Return-Path) local part looks like a bounce-processing or no-reply address");
        }
        return null;
    }

    private boolean matches(String local) {
        return !local.isEmpty() && local.length() <= MAX_LOCAL && localPart.matcher(local).matches();
    }
}
