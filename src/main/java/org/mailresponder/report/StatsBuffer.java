package org.mailresponder.report;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Request statistics added up in memory and handed to the {@code stats-flush} route every few seconds, which adds
 * them to the database counters with one upsert per (day, address, outcome). Requests never wait on a shared
 * counter row, and a database outage only delays the counts: a failed flush is put back with {@link #restore}.
 */
public class StatsBuffer {

    /** Keys of the counters. */
    record CountKey(LocalDate day, String requested, String outcome) {
    }

    record BucketKey(LocalDate day, int bucket) {
    }

    record LimitedKey(LocalDate day, String senderHash) {
    }

    /** What one flush writes: parameter maps for the three batch statements. */
    public record Delta(List<Map<String, Object>> counts, List<Map<String, Object>> buckets,
                        List<Map<String, Object>> limitedSenders) {

        public boolean isEmpty() {
            return counts.isEmpty() && buckets.isEmpty() && limitedSenders.isEmpty();
        }

        /** Called once a part is in the database, so a later failure does not put it back twice. */
        public void written(String part) {
            switch (part) {
                case "counts" -> counts.clear();
                case "buckets" -> buckets.clear();
                case "limitedSenders" -> limitedSenders.clear();
                default -> throw new IllegalArgumentException(part);
            }
        }
    }

    private final ConcurrentHashMap<CountKey, Long> counts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<BucketKey, Long> buckets = new ConcurrentHashMap<>();
    private final Set<LimitedKey> limited = ConcurrentHashMap.newKeySet();

    public void request(LocalDate day, String requested, String outcome, long nanos) {
        // merge and remove are atomic per key, so a flush never loses a count that races with it
        counts.merge(new CountKey(day, requested, outcome), 1L, Long::sum);
        buckets.merge(new BucketKey(day, ProcessingTimeBuckets.bucketOf(nanos)), 1L, Long::sum);
    }

    public void rateLimited(LocalDate day, String senderHash) {
        limited.add(new LimitedKey(day, senderHash));
    }

    /** Takes everything counted so far; counts arriving meanwhile stay for the next flush. */
    public Delta drain() {
        List<Map<String, Object>> c = new ArrayList<>();
        for (CountKey k : List.copyOf(counts.keySet())) {
            Long n = counts.remove(k);
            if (n != null) {
                c.add(Map.of("day", k.day(), "requested", k.requested(), "outcome", k.outcome(), "delta", n));
            }
        }
        List<Map<String, Object>> b = new ArrayList<>();
        for (BucketKey k : List.copyOf(buckets.keySet())) {
            Long n = buckets.remove(k);
            if (n != null) {
                b.add(Map.of("day", k.day(), "bucket", k.bucket(), "delta", n));
            }
        }
        List<Map<String, Object>> l = new ArrayList<>();
        for (LimitedKey k : List.copyOf(limited)) {
            if (limited.remove(k)) {
                l.add(Map.of("day", k.day(), "sender", k.senderHash()));
            }
        }
        return new Delta(c, b, l);
    }

    /** For the flush route: marks a part of a delta as written. */
    public void written(Delta delta, String part) {
        delta.written(part);
    }

    /** Puts back the parts of a delta that were not written, so the next flush writes them. */
    public void restore(Delta delta) {
        for (Map<String, Object> m : delta.counts()) {
            counts.merge(new CountKey((LocalDate) m.get("day"), (String) m.get("requested"),
                    (String) m.get("outcome")), (Long) m.get("delta"), Long::sum);
        }
        for (Map<String, Object> m : delta.buckets()) {
            buckets.merge(new BucketKey((LocalDate) m.get("day"), (Integer) m.get("bucket")),
                    (Long) m.get("delta"), Long::sum);
        }
        for (Map<String, Object> m : delta.limitedSenders()) {
            limited.add(new LimitedKey((LocalDate) m.get("day"), (String) m.get("sender")));
        }
    }
}
