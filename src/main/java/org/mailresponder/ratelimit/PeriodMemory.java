package org.mailresponder.ratelimit;

import java.util.concurrent.ConcurrentHashMap;

/**
 * What the ledger has seen of a key in a period (a day, an hour), to spare a statement or a round trip the next time:
 * a counter row known to be of this period, a sender sent the long way today, a counter found full this hour. A hint
 * only: the ledger's statements decide every case, so a key forgotten (the memory is cleared when it reaches its
 * bound, whatever keys strangers make it hold) or kept too long costs round trips, never a wrong decision.
 */
final class PeriodMemory {

    private final int bound;
    private final ConcurrentHashMap<String, String> periods = new ConcurrentHashMap<>();

    PeriodMemory(int bound) {
        this.bound = bound;
    }

    /** Whether {@code key} was last remembered in {@code period}. */
    boolean holds(String key, String period) {
        return period.equals(periods.get(key));
    }

    void remember(String key, String period) {
        recall(key, period);
    }

    /** Remembers {@code key} in {@code period}; whether it was remembered in that period already. */
    boolean recall(String key, String period) {
        if (periods.size() >= bound) {
            periods.clear();
        }
        return period.equals(periods.put(key, period));
    }
}
