package org.mailresponder.ratelimit;

import java.util.Locale;

/**
 * What the {@link RequestLedger} decided for a request. {@link #code()} is what the request log, the metrics and
 * {@code request_seen.decision} carry.
 */
public enum LimitOutcome {
    /** Answer mails are claimed and go out now (also a retry that sends the mails an earlier attempt did not). */
    ANSWERED,
    /** The sender's daily limit is used up. */
    RATE_LIMITED,
    /** The operator's block list or {@code blocked-domains}. */
    BLOCKED,
    /** The recipient domain's daily cap of answer mails is used up. */
    DOMAIN_CAPPED,
    /** The cluster's hourly cap of answer mails is used up: an alert, not normal traffic. */
    GLOBAL_CAPPED,
    /** A complaint or bounce goes to the admins. */
    FORWARDED,
    /** A complaint or bounce counted but not forwarded: the hourly forward cap is used up. */
    FORWARD_CAPPED,
    /** Seen before: its recorded decision stands, and nothing is counted or sent again. */
    REPLAY;

    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The outcome a stored code names, or null for a code this version does not know (rows from before V6_1). */
    public static LimitOutcome ofCode(String code) {
        for (LimitOutcome o : values()) {
            if (o.code().equals(code)) {
                return o;
            }
        }
        return null;
    }
}
