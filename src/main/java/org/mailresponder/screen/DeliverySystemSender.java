package org.mailresponder.screen;

import java.util.Locale;
import java.util.Set;

import org.mailresponder.config.ResponderConfig;
import org.mailresponder.inbound.InboundRequest;
import org.mailresponder.inbound.MailAddresses;
import org.mailresponder.inbound.ScreenReason;
import org.mailresponder.inbound.Verdict;

/**
 * The From of a delivery system: an empty address ({@code From: <>}, {@code MAILER-DAEMON <>}), a local part of a
 * mail system or list manager ({@code MAILER-DAEMON}, {@code postmaster}, {@code Mail.Delivery.System},
 * {@code *-admin}, {@code *-owner}, {@code *-request}…), or one of the configured notification senders (SES).
 * Works on whatever the From holds, usable address or not: when it holds more than one {@code @} (gateways that
 * escape or wrap an address, {@code <Postmaster\@host@host>}), the text before the first is tested too, since a
 * mail system names itself first.
 */
public record DeliverySystemSender(LocalParts localParts, Set<String> senders) implements ScreenRule {

    @Override
    public Verdict test(InboundRequest req, ResponderConfig config) {
        if (!req.hasHeader("from")) {
            return null;
        }
        String sender = req.sender().strip();
        if (sender.isEmpty()) {
            return req.header("from").isBlank() ? null
                    : Verdict.forward(ScreenReason.BOUNCE, "From has an empty address <>");
        }
        if (senders.contains(sender.toLowerCase(Locale.ROOT))) {
            return Verdict.forward(ScreenReason.BOUNCE, "sent by a notification sender");
        }
        String entry = localParts.match(MailAddresses.localPart(sender));
        int first = sender.indexOf('@');
        if (entry == null && first > 0 && first != sender.lastIndexOf('@')) {
            entry = localParts.match(sender.substring(0, first).replace("\\", "").replace("\"", ""));
        }
        if (entry != null) {
            return Verdict.forward(ScreenReason.BOUNCE, "sent by a mail system or list manager (" + entry + ")");
        }
        return null;
    }
}
