package org.mailresponder.report;

import java.time.LocalDate;

import org.mailresponder.inbound.Outcome;

/** One day's requests in the four groups the stats mail charts. */
public record DayTotals(LocalDate day, long answered, long rejected, long rateLimited, long failed) {

    public long total() {
        return answered + rejected + rateLimited + failed;
    }

    /** The groups the stats mail counts outcomes in; deferred requests are counted when they finally end. */
    enum Group {
        ANSWERED, REJECTED, RATE_LIMITED, FAILED, DEFERRED;

        /** The group of a stored outcome code; a code this version does not know counts as not answered. */
        static Group of(String code) {
            Outcome outcome = Outcome.ofCode(code);
            if (outcome == null) {
                return REJECTED;
            }
            return switch (outcome) {
                case ANSWERED -> ANSWERED;
                case RATE_LIMITED -> RATE_LIMITED;
                case FAILED -> FAILED;
                case DEFERRED -> DEFERRED;
                default -> REJECTED;
            };
        }
    }
}
