package org.mailresponder.report;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The cluster-wide statistics of one day, as the stats mail and {@code mail-responder stats} show them.
 *
 * @param answersByAddress    answered requests per requested address
 * @param rejectionsByReason  requests not answered, per reason (screen reasons, {@code blocked}, the caps,
 *                            {@code replay}, {@code forward-capped})
 * @param rateLimited         requests refused by the daily limit
 * @param rateLimitedSenders  distinct senders refused at least once (counted, never named)
 * @param failed              requests moved to failed/
 * @param deferred            times a request was left in the maildir after an outage (it is retried later)
 * @param p50Ms               processing-time percentiles in ms (NaN when there were no requests)
 * @param history             the 14 days ending with {@code day}, oldest first
 */
public record DailyStats(LocalDate day, Map<String, Long> answersByAddress, Map<String, Long> rejectionsByReason,
                         long rateLimited, long rateLimitedSenders, long failed, long deferred,
                         double p50Ms, double p95Ms, double p99Ms, List<DayTotals> history) {

    public long answered() {
        return answersByAddress.values().stream().mapToLong(Long::longValue).sum();
    }

    public long rejected() {
        return rejectionsByReason.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Complaints and bounces forwarded to the admins. */
    public long forwarded() {
        return rejectionsByReason.getOrDefault("complaint", 0L) + rejectionsByReason.getOrDefault("bounce", 0L);
    }

    /** Complaints and bounces not forwarded because the hourly forward cap was reached. */
    public long forwardsCapped() {
        return rejectionsByReason.getOrDefault("forward-capped", 0L);
    }

    public DayTotals totals() {
        return new DayTotals(day, answered(), rejected(), rateLimited, failed);
    }

    /** Mean per day of the 7 days before {@code day}, for comparison. */
    public double[] previousWeekAverage() {
        double[] sum = new double[5];
        List<DayTotals> before = history.stream().filter(t -> t.day().isBefore(day) && !t.day().isBefore(day.minusDays(7)))
                .toList();
        for (DayTotals t : before) {
            sum[0] += t.answered();
            sum[1] += t.rejected();
            sum[2] += t.rateLimited();
            sum[3] += t.failed();
            sum[4] += t.total();
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= 7.0;
        }
        return sum;
    }
}
