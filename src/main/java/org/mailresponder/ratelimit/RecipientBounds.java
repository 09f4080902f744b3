package org.mailresponder.ratelimit;

import org.mailresponder.inbound.SenderIdentity;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import com.google.common.net.InternetDomainName;

/**
 * The bounds that protect the people answers go to rather than the service: answer mails per recipient domain per
 * day (shared providers such as gmail.com with their own, larger cap), answer mails per hour from the whole
 * cluster, and admin forwards per hour. Forged senders can pick any sender address but only so many victims' domains;
 * these caps bound what one domain (and the world) receives whatever the senders are.
 *
 * <p>Domains are counted by registrable domain (Public Suffix List): {@code a.victim.example} and
 * {@code b.victim.example} share one cap, {@code victim.co.uk} is not lumped with {@code co.uk}.
 *
 * <p>A busy counter (the global one, a shared provider's) would make every request queue on one row lock until the
 * previous request's commit is on disk. Its cap is therefore split into up to {@value #MAX_SLOTS} slots that add up to
 * the cap, each request counting in the slot its id picks: the total never passes the cap, and refusals start when
 * one slot is full, slightly before the cap is reached overall.
 */
public final class RecipientBounds {

    static final int MAX_SLOTS = 8;
    /** Below this many mails per slot a cap is kept in one row: exact, and small caps see little traffic. */
    static final int MIN_SLOT_SHARE = 1000;

    /** One counter row a request counts in, and the share of the cap that row may reach. */
    public record Counter(String key, int share) {
    }

    private final int domainDailyCap;
    private final Set<String> sharedDomains;
    private final int sharedDomainDailyCap;
    private final int globalHourlyCap;
    private final int forwardHourlyCap;

    /** Caps of 0 or less mean no cap. */
    public RecipientBounds(int domainDailyCap, Set<String> sharedDomains, int sharedDomainDailyCap, int globalHourlyCap,
                           int forwardHourlyCap) {
        this.domainDailyCap = domainDailyCap;
        this.sharedDomains = sharedDomains.stream().map(RecipientBounds::registrableDomain).collect(Collectors.toUnmodifiableSet());
        this.sharedDomainDailyCap = sharedDomainDailyCap;
        this.globalHourlyCap = globalHourlyCap;
        this.forwardHourlyCap = forwardHourlyCap;
    }

    public int globalHourlyCap() {
        return globalHourlyCap;
    }

    public int forwardHourlyCap() {
        return forwardHourlyCap;
    }

    public boolean isShared(String domain) {
        return sharedDomains.contains(domain);
    }

    /** The day's cap of answer mails to a registrable domain, 0 for none. */
    public int domainCap(String domain) {
        return isShared(domain) ? sharedDomainDailyCap : domainDailyCap;
    }

    /**
     * The registrable domain an answer to this address goes to: the canonical address's domain (googlemail.com is
     * gmail.com) reduced to the label below its public suffix; under a suffix the list does not know, the last two
     * labels. What is not a domain name (an address literal) is kept as it is, bounded to the length of one.
     */
    public static String recipientDomain(String senderAddress) {
        return registrableDomain(SenderIdentity.domainOf(SenderIdentity.canonical(senderAddress)));
    }

    static String registrableDomain(String domain) {
        String d = domain.strip().toLowerCase(Locale.ROOT);
        while (d.endsWith(".")) {
            d = d.substring(0, d.length() - 1);
        }
        if (InternetDomainName.isValid(d)) {
            InternetDomainName name = InternetDomainName.from(d);
            if (name.isUnderPublicSuffix()) {
                return name.topPrivateDomain().toString();
            }
            // a suffix the list does not know (a private or reserved TLD): its last two labels
            List<String> parts = name.parts();
            return parts.size() <= 2 ? d : String.join(".", parts.subList(parts.size() - 2, parts.size()));
        }
        return d.length() <= 253 ? d : d.substring(d.length() - 253);
    }

    /** The counter of a recipient domain this request counts in, or null when the domain has no cap. */
    public Counter domainCounter(String domain, String requestId) {
        int cap = domainCap(domain);
        if (cap <= 0) {
            return null;
        }
        return isShared(domain) ? slotted("domain:" + domain, cap, requestId) : new Counter("domain:" + domain, cap);
    }

    /** The global hourly counter this request counts in, or null when there is no global cap. */
    public Counter globalCounter(String requestId) {
        return globalHourlyCap <= 0 ? null : slotted("global", globalHourlyCap, requestId);
    }

    public Counter forwardCounter() {
        return forwardHourlyCap <= 0 ? null : new Counter("forward", forwardHourlyCap);
    }

    static int slots(int cap) {
        return Math.max(1, Math.min(MAX_SLOTS, cap / MIN_SLOT_SHARE));
    }

    private static Counter slotted(String key, int cap, String requestId) {
        int slots = slots(cap);
        if (slots == 1) {
            return new Counter(key, cap);
        }
        // the request id is a hex digest: its bytes spread requests evenly over the slots
        int slot = Math.floorMod(java.util.Arrays.hashCode(requestId.getBytes(StandardCharsets.US_ASCII)), slots);
        int share = cap / slots + (slot < cap % slots ? 1 : 0);
        return new Counter(key + "#" + slot, share);
    }
}
