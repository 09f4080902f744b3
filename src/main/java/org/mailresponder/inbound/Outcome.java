package org.mailresponder.inbound;

import java.util.Locale;

/**
 * What became of a request: the one vocabulary of the routes, the request log, the metric label
 * {@code responder_requests_total{outcome}}, the stats tables, {@code request_seen.decision} and {@code preview}.
 * {@link #code()} is the string all of them carry; operators' dashboards match on it, so a code never changes.
 */
public enum Outcome {
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
    /** A complaint or bounce goes to the admins (logged under its screen reason, e.g. {@code bounce}). */
    FORWARDED,
    /** A complaint or bounce counted but not forwarded: the hourly forward cap is used up. */
    FORWARD_CAPPED,
    /** Seen before: its recorded decision stands, and nothing is counted or sent again. */
    REPLAY,
    /** It can never be answered: moved to failed/ with a .reason. */
    FAILED,
    /** An outage: left queued for the next poll. */
    DEFERRED,
    // Screen reasons (ScreenReason#outcome): not answered, counted and logged under the reason.
    COMPLAINT, BOUNCE, OWN_ADDRESS, NOREPLY_SENDER, AUTO_SUBMITTED, MAILING_LIST, BULK_PRECEDENCE,
    AUTORESPONDER_HEADER, SPAM_FLAG, UNKNOWN_ADDRESS, DKIM_FAIL, DKIM_MISSING, MALFORMED, ABUSE_REPORT,
    READ_RECEIPT, AUTO_REPLY_SUBJECT, CHALLENGE_RESPONSE;

    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The outcome a stored code names, or null for a code this version does not know (rows from before V6_1). */
    public static Outcome ofCode(String code) {
        for (Outcome o : values()) {
            if (o.code().equals(code)) {
                return o;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return code();
    }
}
