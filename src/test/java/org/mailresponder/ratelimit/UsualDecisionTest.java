package org.mailresponder.ratelimit;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mailresponder.inbound.InboundRequest;
import org.mailresponder.ratelimit.UsualDecision.Answers;
import org.mailresponder.ratelimit.UsualDecision.Unusual;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which answer of the usual request's statements made it other than usual, read from the update counts in statement
 * order (the request's claim, the savepoint, the day count, the counters present, the mails' claims).
 * RequestLedgerTest runs the statements on MariaDB; this test covers each reading, including counts that cannot belong to these statements (a driver that
 * reports a text's results otherwise, which the real driver cannot be made to do here).
 */
class UsualDecisionTest {

    private static final InboundRequest REQUEST = new InboundRequest("id", "get@responder.test", "u@mail.example",
            "hash", "links", "<m@mail.example>", List.of(), Map.of(), new byte[0]);

    private static final UsualDecision.Counted DOMAIN =
            new UsualDecision.Counted(new RecipientBounds.Counter("domain:mail.example", 50), "2026-11-26");
    private static final UsualDecision.Counted GLOBAL =
            new UsualDecision.Counted(new RecipientBounds.Counter("global#2", 900), "2026-11-26T10");

    private static UsualDecision decision(boolean domainCounter, boolean globalCounter, int mails) {
        List<UsualDecision.Counted> counters = new ArrayList<>();
        if (domainCounter) {
            counters.add(DOMAIN);
        }
        if (globalCounter) {
            counters.add(GLOBAL);
        }
        return new UsualDecision("claim", List.of(), mails)
                .lists("lists", REQUEST)
                .countDay("count", REQUEST, LocalDate.of(2026, 11, 26), 3)
                .counters("add", counters)
                .claims("claims", List.of());
    }

    private static Answers answers(Integer... counts) {
        return new Answers(List.of(counts), new ListActions(null, null));
    }

    private static Unusual read(UsualDecision d, Integer... counts) {
        return answers(counts).unusual(d);
    }

    @Test
    void everyAnswerAsUsualIsNone() {
        assertThat(read(decision(true, true, 2), 1, 0, 1, 1, 1, 2)).isEqualTo(Unusual.NONE);
        // a day row from an earlier day, started again: the upsert changed it (2)
        assertThat(read(decision(true, true, 2), 1, 0, 2, 1, 1, 2)).isEqualTo(Unusual.NONE);
        assertThat(read(decision(false, false, 1), 1, 0, 1, 1)).isEqualTo(Unusual.NONE);
        assertThat(read(decision(false, true, 3), 1, 0, 1, 1, 3)).isEqualTo(Unusual.NONE);
    }

    @Test
    void theFirstAnswerThatDiffersSaysWhy() {
        assertThat(read(decision(true, true, 2), 1, 0, 0, 1, 1, 2)).isEqualTo(Unusual.DAY_LIMIT);
        assertThat(read(decision(true, true, 2), 1, 0, 1, 0, 1, 2)).isEqualTo(Unusual.COUNTER);
        assertThat(read(decision(true, true, 2), 1, 0, 1, 1, 1, 1)).isEqualTo(Unusual.CLAIMS);
    }

    @Test
    void aFullCounterIsNamedWithItsPeriod() {
        UsualDecision both = decision(true, true, 2);
        assertThat(answers(1, 0, 1, 0, 1, 2).fullCounter(both)).isEqualTo(DOMAIN);
        assertThat(answers(1, 0, 1, 1, 0, 2).fullCounter(both)).isEqualTo(GLOBAL);
        assertThat(answers(1, 0, 1, 1, 1, 2).fullCounter(both)).isNull();
        // without a domain counter, the third count is the global one
        UsualDecision globalOnly = decision(false, true, 2);
        assertThat(read(globalOnly, 1, 0, 1, 0, 2)).isEqualTo(Unusual.COUNTER);
        assertThat(answers(1, 0, 1, 0, 2).fullCounter(globalOnly)).isEqualTo(GLOBAL);
    }

    @Test
    void countsThatCannotBelongToTheseStatementsAreUnreadable() {
        assertThat(read(decision(true, true, 2), 1, 0, 1, 1, 2)).isEqualTo(Unusual.UNREADABLE);
        assertThat(read(decision(false, false, 1), 1, 0, 1, 1, 1)).isEqualTo(Unusual.UNREADABLE);
        assertThat(read(decision(false, false, 1))).isEqualTo(Unusual.UNREADABLE);
        // a request claim that inserted nothing yet raised no duplicate key
        assertThat(read(decision(false, false, 1), 0, 0, 1, 1)).isEqualTo(Unusual.UNREADABLE);
        // the list look-up's rows never came
        assertThat(new Answers(List.of(1, 0, 1, 1), null).unusual(decision(false, false, 1)))
                .isEqualTo(Unusual.UNREADABLE);
    }
}
