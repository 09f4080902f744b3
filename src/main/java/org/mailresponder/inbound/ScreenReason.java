package org.mailresponder.inbound;

/** Why a request is not answered; {@link #code()} is what logs, metrics and the database carry. */
public enum ScreenReason {
    COMPLAINT, BOUNCE, OWN_ADDRESS, NOREPLY_SENDER, AUTO_SUBMITTED, MAILING_LIST, BULK_PRECEDENCE,
    AUTORESPONDER_HEADER, SPAM_FLAG, UNKNOWN_ADDRESS, DKIM_FAIL, DKIM_MISSING, MALFORMED,
    /** A spam complaint: an ARF feedback report, or a provider's complaint carrying the original. */
    ABUSE_REPORT,
    /** A read receipt (MDN) or a client's "Read:" notice. */
    READ_RECEIPT,
    /** An auto-reply known only by its subject ("Automatic reply:", "Out of Office", localised forms). */
    AUTO_REPLY_SUBJECT,
    /** A challenge-response system asking the sender to prove it is human. */
    CHALLENGE_RESPONSE;

    public String code() {
        return outcome().code();
    }

    /** The request's outcome when this reason stops it (same name). */
    public Outcome outcome() {
        return Outcome.valueOf(name());
    }
}
