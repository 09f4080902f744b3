package org.mailresponder.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** The outcome codes are what dashboards and the stats tables match on: they never change. */
class OutcomeTest {

    @Test
    void codesAreTheOnesOperatorsKnow() {
        assertThat(Arrays.stream(Outcome.values()).map(Outcome::code)).containsExactly(
                "answered", "rate-limited", "blocked", "domain-capped", "global-capped", "forwarded",
                "forward-capped", "replay", "failed", "deferred", "complaint", "bounce", "own-address",
                "noreply-sender", "auto-submitted", "mailing-list", "bulk-precedence", "autoresponder-header",
                "spam-flag", "unknown-address", "dkim-fail", "dkim-missing", "malformed", "abuse-report",
                "read-receipt", "auto-reply-subject", "challenge-response");
    }

    @Test
    void everyScreenReasonIsAnOutcomeOfTheSameCode() {
        for (ScreenReason reason : ScreenReason.values()) {
            assertThat(reason.outcome().code()).isEqualTo(reason.name().toLowerCase().replace('_', '-'));
            assertThat(Outcome.ofCode(reason.code())).isSameAs(reason.outcome());
        }
        assertThat(Verdict.ANSWER.outcome()).isEqualTo(Outcome.ANSWERED);
        assertThat(Outcome.ofCode("legacy")).isNull();
    }
}
