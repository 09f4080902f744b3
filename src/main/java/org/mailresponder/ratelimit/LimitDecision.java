package org.mailresponder.ratelimit;

import java.util.List;

import org.mailresponder.config.ConfigEntry;
import org.mailresponder.inbound.Outcome;

/**
 * The ledger's answer for one request; routes branch on {@link #outcome()}.
 *
 * @param outcome       what happens now: ANSWERED, FORWARDED, REPLAY or a refusal
 * @param reported      the outcome the request is logged and counted under: the forwarded mail's screen reason
 *                      ({@code complaint}, {@code bounce}, …) for a forward, else {@code outcome}
 * @param detail        why, for the log line (never an address), or null
 * @param configVersion the config the entries come from
 * @param entries       the answer mails claimed for this attempt, in config order (empty unless ANSWERED)
 * @param notice        whether the over-limit notice was claimed for this request (only with RATE_LIMITED)
 */
public record LimitDecision(Outcome outcome, Outcome reported, String detail, String configVersion,
                            List<ConfigEntry> entries, boolean notice) {

    public LimitDecision {
        entries = List.copyOf(entries);
    }

    public LimitDecision(Outcome outcome, Outcome reported, String detail, String configVersion,
                         List<ConfigEntry> entries) {
        this(outcome, reported, detail, configVersion, entries, false);
    }

    static LimitDecision rateLimitedWithNotice(String detail) {
        return new LimitDecision(Outcome.RATE_LIMITED, Outcome.RATE_LIMITED, detail, null, List.of(), true);
    }

    static LimitDecision of(Outcome outcome, String detail) {
        return new LimitDecision(outcome, outcome, detail, null, List.of());
    }

    static LimitDecision replay(Outcome recorded) {
        return of(Outcome.REPLAY, "replay of a request already " + (recorded == null
                ? "seen before decisions were recorded" : "decided: " + recorded.code()));
    }
}
