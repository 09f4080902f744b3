package org.mailresponder.ratelimit;

import java.time.ZoneId;

/**
 * The over-limit notice's words, as the operator set them with {@code {limit}} and {@code {reset}} filled in.
 *
 * @param subject its Subject
 * @param text    its plain-text body
 */
public record OverLimitNotice(String subject, String text) {

    /** The operator's template, with the daily limit and the time the limit's day restarts written in. */
    public static OverLimitNotice of(String subject, String template, int dailyLimit, ZoneId zone) {
        String reset = "00:00 " + zone.getId();
        return new OverLimitNotice(subject.strip(), template.strip()
                .replace("{limit}", String.valueOf(dailyLimit))
                .replace("{reset}", reset) + "\r\n");
    }
}
