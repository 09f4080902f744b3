package org.mailresponder.config;

import java.util.Locale;

/** How an answer leaves the process; {@code DEFAULT} defers to {@code responder.delivery.method}. */
public enum SendMethod {
    DEFAULT, OUTBOX, SMTP, SES;

    public static SendMethod parse(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }

    public String routeName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
