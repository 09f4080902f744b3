package org.mailresponder.inbound;

import java.util.Locale;
import java.util.Set;

/**
 * How much inbound DKIM matters. {@code requiredDomains} empty means the policy applies to every sender domain;
 * {@code trustedAuthservIds} are the only Authentication-Results producers believed (others are forgeable).
 */
public record DkimPolicy(Mode mode, Set<String> requiredDomains, Set<String> trustedAuthservIds) {

    public enum Mode { OFF, WARN, REQUIRE;

        public static Mode parse(String s) {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        }
    }

    public DkimPolicy {
        requiredDomains = Set.copyOf(requiredDomains);
        trustedAuthservIds = Set.copyOf(trustedAuthservIds);
    }

    public boolean appliesTo(String senderDomain) {
        return mode != Mode.OFF && (requiredDomains.isEmpty() || requiredDomains.contains(senderDomain));
    }
}
