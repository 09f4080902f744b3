package org.mailresponder.report;

import java.time.LocalDate;

/** One day's requests in the four groups the stats mail charts. */
public record DayTotals(LocalDate day, long answered, long rejected, long rateLimited, long failed) {

    public long total() {
        return answered + rejected + rateLimited + failed;
    }

    /** The group an outcome code is counted in; deferred requests are counted when they finally end. */
    static String groupOf(String outcome) {
        return switch (outcome) {
            case "answered" -> "answered";
            case "rate-limited" -> "rate-limited";
            case "failed" -> "failed";
            case "deferred" -> "deferred";
            default -> "rejected";
        };
    }
}
