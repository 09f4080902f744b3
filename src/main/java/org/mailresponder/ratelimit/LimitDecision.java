package org.mailresponder.ratelimit;

import java.util.List;

import org.mailresponder.config.ConfigEntry;

/**
 * The ledger's answer for one request; routes branch on {@link #outcome()}.
 *
 * @param outcome       what happens now
 * @param code          the outcome code for the request log and metrics ({@code complaint}/{@code bounce} for a
 *                      forward, else {@link LimitOutcome#code()})
 * @param detail        why, for the log line (never an address), or null
 * @param configVersion the config the entries come from
 * @param entries       the answer mails claimed for this attempt, in config order (empty unless ANSWERED)
 */
public record LimitDecision(LimitOutcome outcome, String code, String detail, String configVersion,
                            List<ConfigEntry> entries) {

    public LimitDecision {
        entries = List.copyOf(entries);
    }

    static LimitDecision of(LimitOutcome outcome, String detail) {
        return new LimitDecision(outcome, outcome.code(), detail, null, List.of());
    }

    static LimitDecision replay(LimitOutcome recorded) {
        return of(LimitOutcome.REPLAY, "replay of a request already " + (recorded == null
                ? "seen before decisions were recorded" : "decided: " + recorded.code()));
    }
}
