package org.mailresponder.screen;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.mailresponder.config.ResponderConfig;
import org.mailresponder.inbound.InboundRequest;
import org.mailresponder.inbound.MailAddresses;
import org.mailresponder.inbound.ScreenReason;
import org.mailresponder.inbound.Verdict;
import org.mailresponder.inbound.SenderIdentity;

/**
 * Mail from one of the responder's own addresses is never answered, so two responders (or one and its own
 * bounces) cannot answer each other forever. Own addresses: every served address, the responder's From and
 * complaints addresses, and {@code postmaster}, {@code mailer-daemon} and {@code abuse} at each of their domains,
 * each with any {@code +tag} and in any case.
 */
public record OwnAddress(Set<String> responderAddresses) implements ScreenRule {

    static final List<String> SYSTEM_LOCAL_PARTS = List.of("postmaster", "mailer-daemon", "abuse");

    @Override
    public Verdict test(InboundRequest req, ResponderConfig config) {
        String sender = req.sender();
        if (sender.indexOf('@') < 0) {
            return null;
        }
        if (ownAddresses(config).contains(SenderIdentity.canonical(sender))) {
            return Verdict.reject(ScreenReason.OWN_ADDRESS, "sender is one of the responder's own addresses");
        }
        return null;
    }

    /** Canonical forms (lower-case, no {@code +tag}) of every own address under this config. */
    public Set<String> ownAddresses(ResponderConfig config) {
        Set<String> own = new HashSet<>();
        Set<String> domains = new HashSet<>(config.domains());
        for (String a : config.addresses()) {
            own.add(SenderIdentity.canonical(a));
        }
        for (String a : responderAddresses) {
            own.add(SenderIdentity.canonical(a));
            domains.add(MailAddresses.domain(a));
        }
        for (String d : domains) {
            for (String local : SYSTEM_LOCAL_PARTS) {
                own.add(local + "@" + d);
            }
        }
        return own;
    }
}
