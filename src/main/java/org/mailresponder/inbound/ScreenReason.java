package org.mailresponder.inbound;

import java.util.Locale;

/** Why a request is not answered; {@link #code()} is what logs, metrics and the database carry. */
public enum ScreenReason {
    COMPLAINT, BOUNCE, OWN_ADDRESS, NOREPLY_SENDER, AUTO_SUBMITTED, MAILING_LIST, BULK_PRECEDENCE,
    AUTORESPONDER_HEADER, SPAM_FLAG, UNKNOWN_ADDRESS, DKIM_FAIL, DKIM_MISSING, MALFORMED;

    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
