package org.mailresponder.report;

import java.util.function.Predicate;

/**
 * How a requested address appears in the request log, the metrics and {@code stats_requests}: an address the service
 * answers (or one of its own, such as the complaints address) as itself, anything else as {@value #UNKNOWN}. Anyone
 * can write to any address at a served domain, so an unserved one is a stranger's text, and may be a person's
 * address or a very long string: it is never stored, logged or used as a label.
 */
public final class RequestedAddresses {

    public static final String UNKNOWN = "unknown";
    /** The column width of {@code stats_requests.requested}, and the longest address RFC 5321 allows. */
    static final int MAX_LENGTH = 254;

    private final Predicate<String> known;

    /** @param known true for an address the service serves or owns */
    public RequestedAddresses(Predicate<String> known) {
        this.known = known;
    }

    public String label(String requested) {
        if (requested == null) {
            return "-";
        }
        if (requested.length() > MAX_LENGTH || !known.test(requested)) {
            return UNKNOWN;
        }
        return requested;
    }
}
