package org.mailresponder.admin;

import java.util.Locale;
import java.util.regex.Pattern;

import org.mailresponder.inbound.SenderIdentity;
import org.mailresponder.ratelimit.SenderLists;

/**
 * The {@code <address|domain>} argument of the limits commands, as the row key it stands for: an address becomes
 * the keyed hash of its canonical form (the only form the database holds), a domain stays as it is, lower-cased.
 *
 * @param shown what the operator typed, canonicalised, for the command's own output (never logged or stored)
 */
record SenderKey(SenderLists.Kind kind, String value, String shown) {

    private static final Pattern DOMAIN = Pattern.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z0-9-]{2,63}");
    private static final Pattern LOCAL_PART = Pattern.compile("[a-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}");

    /** @throws IllegalArgumentException when the argument is neither an address nor a domain */
    static SenderKey parse(String argument, SenderIdentity identity) {
        String a = argument.trim().toLowerCase(Locale.ROOT);
        int at = a.lastIndexOf('@');
        if (at < 0) {
            if (!DOMAIN.matcher(a).matches()) {
                throw new IllegalArgumentException("\"" + argument + "\" is neither an address nor a domain");
            }
            return new SenderKey(SenderLists.Kind.DOMAIN, a, a);
        }
        if (!LOCAL_PART.matcher(a.substring(0, at)).matches() || !DOMAIN.matcher(a.substring(at + 1)).matches()) {
            throw new IllegalArgumentException("\"" + argument + "\" is not a plain user@domain address");
        }
        String canonical = SenderIdentity.canonical(a);
        return new SenderKey(SenderLists.Kind.ADDRESS, identity.hashCanonical(canonical), canonical);
    }

    boolean isAddress() {
        return kind == SenderLists.Kind.ADDRESS;
    }

    String domain() {
        return isAddress() ? SenderIdentity.domainOf(shown) : value;
    }

    /** For output: the address with its short hash, or the domain. */
    String describe() {
        return isAddress() ? "address " + shown + " (#" + SenderIdentity.shortHash(value) + ")" : "domain " + value;
    }
}
