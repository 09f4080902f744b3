package org.mailresponder.screen;

import org.mailresponder.config.ResponderConfig;
import org.mailresponder.inbound.InboundRequest;
import org.mailresponder.inbound.MailAddresses;
import org.mailresponder.inbound.ScreenReason;
import org.mailresponder.inbound.Verdict;

/**
 * The envelope sender, as the delivering MTA recorded it in {@code Return-Path}: null ({@code <>}, RFC 5321's
 * sender of delivery notifications) or a mail system's own address ({@code <MAILER-DAEMON>},
 * {@code <postmaster@host>}) means a bounce or other notification. The most reliable evidence there is: it is not
 * in the message body and no client sets it.
 */
public record DaemonReturnPath(LocalParts daemonLocalParts) implements ScreenRule {

    @Override
    public Verdict test(InboundRequest req, ResponderConfig config) {
        String returnPath = req.header("return-path");
        if (returnPath == null) {
            return null;
        }
        String address = MailAddresses.first(returnPath);
        if (address == null || address.isEmpty() || returnPath.replaceAll("[\\s<>]", "").isEmpty()) {
            return Verdict.forward(ScreenReason.BOUNCE, "null Return-Path <>");
        }
        String entry = daemonLocalParts.match(MailAddresses.localPart(address));
        if (entry != null) {
            return Verdict.forward(ScreenReason.BOUNCE, "Return-Path names a mail system (" + entry + ")");
        }
        return null;
    }
}
