package org.mailresponder.ratelimit;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The policy side of the per-sender limit; the counting is done by {@link RequestLedger} in the database.
 * Precedence: the operator's list entry for the address, then for the domain, then the configured blocked and
 * exempt domains, and only then the daily count.
 */
public class SenderLimits {

    /** What happens to a sender before counting. */
    public enum Decision { BLOCK, ALLOW, COUNT }

    private final int dailyLimit;
    private final Set<String> exemptDomains;
    private final Set<String> blockedDomains;
    private final Clock clock;
    private final ZoneId zone;

    public SenderLimits(int dailyLimit, Set<String> exemptDomains, Set<String> blockedDomains, ZoneId zone, Clock clock) {
        if (dailyLimit < 0) {
            throw new IllegalArgumentException("responder.rate-limit.daily-limit must be 0 or more");
        }
        this.dailyLimit = dailyLimit;
        this.exemptDomains = lower(exemptDomains);
        this.blockedDomains = lower(blockedDomains);
        this.zone = zone;
        this.clock = clock;
    }

    private static Set<String> lower(Set<String> s) {
        return Set.copyOf(s.stream().map(x -> x.trim().toLowerCase(Locale.ROOT)).filter(x -> !x.isEmpty()).toList());
    }

    public int dailyLimit() {
        return dailyLimit;
    }

    /** The rate-limit day, in the configured zone, as an ISO date. */
    public String today() {
        return day().toString();
    }

    public LocalDate day() {
        return LocalDate.now(clock.withZone(zone));
    }

    /**
     * @param listHits rows of {@code sender_list} matching the sender's hash or domain
     *                 (columns {@code list_kind}, {@code action})
     */
    public Decision decide(List<Map<String, Object>> listHits, String senderDomain) {
        return decide(action(listHits, "address"), action(listHits, "domain"), senderDomain);
    }

    /**
     * @param addressAction the list action for the sender's hash ({@code ALLOW}/{@code BLOCK}, any case), or null
     * @param domainAction  the list action for the sender's domain, or null
     */
    public Decision decide(String addressAction, String domainAction, String senderDomain) {
        if (addressAction != null) {
            return Decision.valueOf(addressAction.strip().toUpperCase(Locale.ROOT));
        }
        if (domainAction != null) {
            return Decision.valueOf(domainAction.strip().toUpperCase(Locale.ROOT));
        }
        String domain = senderDomain.toLowerCase(Locale.ROOT);
        if (blockedDomains.contains(domain)) {
            return Decision.BLOCK;
        }
        if (exemptDomains.contains(domain)) {
            return Decision.ALLOW;
        }
        return Decision.COUNT;
    }

    private static String action(List<Map<String, Object>> hits, String kind) {
        if (hits == null) {
            return null;
        }
        for (Map<String, Object> row : hits) {
            Object k = value(row, "list_kind");
            if (kind.equals(k)) {
                return String.valueOf(value(row, "action")).toUpperCase(Locale.ROOT);
            }
        }
        return null;
    }

    /** JDBC drivers disagree on column label case. */
    private static Object value(Map<String, Object> row, String column) {
        Object v = row.get(column);
        return v != null ? v : row.get(column.toUpperCase(Locale.ROOT));
    }
}
