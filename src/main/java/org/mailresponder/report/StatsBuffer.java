package org.mailresponder.report;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Request statistics added up in memory and written to the database counters every few seconds by
 * {@link StatsFlusher}, one upsert per (day, address, outcome). Requests never wait on a shared counter row, and a
 * database outage only delays the counts: a failed flush is put back with {@link #restore}.
 */
public class StatsBuffer {

    /** Requests per (day, requested label, outcome). */
    public record Count(LocalDate day, String requested, String outcome, long delta) {
    }

    /** Requests per (day, processing-time bucket). */
    public record Bucket(LocalDate day, int bucket, long delta) {
    }

    /** A (hashed) sender that hit the daily limit on a day. */
    public record Limited(LocalDate day, String senderHash) {
    }

    record CountKey(LocalDate day, String requested, String outcome) {
    }

    record BucketKey(LocalDate day, int bucket) {
    }

    /** What one flush writes. */
    public record Delta(List<Count> counts, List<Bucket> buckets, List<Limited> limitedSenders) {

        public boolean isEmpty() {
            return counts.isEmpty() && buckets.isEmpty() && limitedSenders.isEmpty();
        }

        public int size() {
            return counts.size() + buckets.size() + limitedSenders.size();
        }
    }

    private final ConcurrentHashMap<CountKey, Long> counts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<BucketKey, Long> buckets = new ConcurrentHashMap<>();
    private final Set<Limited> limited = ConcurrentHashMap.newKeySet();

    public void request(LocalDate day, String requested, String outcome, long nanos) {
        // merge and remove are atomic per key, so a flush never loses a count that races with it
        counts.merge(new CountKey(day, requested, outcome), 1L, Long::sum);
        buckets.merge(new BucketKey(day, ProcessingTimeBuckets.bucketOf(nanos)), 1L, Long::sum);
    }

    public void rateLimited(LocalDate day, String senderHash) {
        limited.add(new Limited(day, senderHash));
    }

    /** Takes everything counted so far; counts arriving meanwhile stay for the next flush. */
    public Delta drain() {
        List<Count> c = new ArrayList<>();
        for (CountKey k : List.copyOf(counts.keySet())) {
            Long n = counts.remove(k);
            if (n != null) {
                c.add(new Count(k.day(), k.requested(), k.outcome(), n));
            }
        }
        List<Bucket> b = new ArrayList<>();
        for (BucketKey k : List.copyOf(buckets.keySet())) {
            Long n = buckets.remove(k);
            if (n != null) {
                b.add(new Bucket(k.day(), k.bucket(), n));
            }
        }
        List<Limited> l = new ArrayList<>();
        for (Limited k : List.copyOf(limited)) {
            if (limited.remove(k)) {
                l.add(k);
            }
        }
        return new Delta(c, b, l);
    }

    /** Puts back counts that were not written, so the next flush writes them. */
    public void restore(Delta delta) {
        for (Count m : delta.counts()) {
            counts.merge(new CountKey(m.day(), m.requested(), m.outcome()), m.delta(), Long::sum);
        }
        for (Bucket m : delta.buckets()) {
            buckets.merge(new BucketKey(m.day(), m.bucket()), m.delta(), Long::sum);
        }
        limited.addAll(delta.limitedSenders());
    }
}
