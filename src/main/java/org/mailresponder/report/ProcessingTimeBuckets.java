package org.mailresponder.report;

import java.util.SortedMap;

/**
 * Fixed, log-spaced processing-time buckets (about 19% apart, 0.1 ms to ~10 min) that every replica shares, so
 * per-day histograms from many replicas add up and their percentiles stay exact to one bucket width.
 */
public final class ProcessingTimeBuckets {

    static final double FIRST_MS = 0.1;
    static final double GROWTH = 1.19;
    public static final int COUNT = 105;

    private ProcessingTimeBuckets() {
    }

    /** The bucket a duration falls into; the last bucket takes everything longer. */
    public static int bucketOf(long nanos) {
        double ms = nanos / 1e6;
        if (ms <= FIRST_MS) {
            return 0;
        }
        int b = (int) Math.ceil(Math.log(ms / FIRST_MS) / Math.log(GROWTH));
        return Math.min(b, COUNT - 1);
    }

    /** Upper bound of a bucket in milliseconds. */
    public static double upperMs(int bucket) {
        return FIRST_MS * Math.pow(GROWTH, bucket);
    }

    /**
     * The q-quantile (0 &lt; q ≤ 1) of a histogram, as the upper bound of the bucket it falls into, or NaN when the
     * histogram is empty.
     */
    public static double quantileMs(SortedMap<Integer, Long> histogram, double q) {
        long total = histogram.values().stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            return Double.NaN;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (var e : histogram.entrySet()) {
            seen += e.getValue();
            if (seen >= rank) {
                return upperMs(e.getKey());
            }
        }
        return upperMs(histogram.lastKey());
    }
}
