package org.mailresponder.ratelimit;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.mailresponder.ratelimit.SenderLimits.Decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The per-sender policy without a database: precedence of lists and domains, and the day in the configured zone. */
class SenderLimitsTest {

    static final Clock UTC_EVENING = Clock.fixed(Instant.parse("2026-11-22T22:30:00Z"), ZoneOffset.UTC);

    private static SenderLimits limits() {
        return new SenderLimits(3, Set.of(" Exempt.Example ", ""), Set.of("BLOCKED.example"), ZoneOffset.UTC,
                UTC_EVENING);
    }

    private static Map<String, Object> row(String kind, String action) {
        return Map.of("list_kind", kind, "action", action);
    }

    @Test
    void withoutListEntriesBlockedDomainsAreBlockedExemptAllowedAndOthersCounted() {
        SenderLimits l = limits();
        assertThat(l.decide(List.of(), "blocked.example")).isEqualTo(Decision.BLOCK);
        assertThat(l.decide(List.of(), "EXEMPT.example")).as("trimmed, any case").isEqualTo(Decision.ALLOW);
        assertThat(l.decide(List.of(), "mail.example")).isEqualTo(Decision.COUNT);
        assertThat(l.decide(null, "mail.example")).as("no rows at all").isEqualTo(Decision.COUNT);
        assertThat(l.decide(List.of(), "sub.blocked.example")).as("exact domains, not subdomains")
                .isEqualTo(Decision.COUNT);
    }

    @Test
    void theAddressEntryWinsOverTheDomainEntryWhichWinsOverTheConfiguredDomains() {
        SenderLimits l = limits();
        assertThat(l.decide(List.of(row("domain", "BLOCK"), row("address", "allow")), "mail.example"))
                .isEqualTo(Decision.ALLOW);
        assertThat(l.decide(List.of(row("domain", "allow")), "blocked.example")).isEqualTo(Decision.ALLOW);
        assertThat(l.decide(List.of(row("domain", "block")), "exempt.example")).isEqualTo(Decision.BLOCK);
        assertThat(l.decide(" Block ", null, "exempt.example")).as("stored with spaces and any case")
                .isEqualTo(Decision.BLOCK);
    }

    @Test
    void columnLabelsInUpperCaseAsSomeDriversReturnThemAreRead() {
        assertThat(limits().decide(List.of(Map.of("LIST_KIND", "address", "ACTION", "block")), "mail.example"))
                .isEqualTo(Decision.BLOCK);
    }

    @Test
    void anUnknownStoredActionIsAnErrorNotASilentAllow() {
        assertThatThrownBy(() -> limits().decide("maybe", null, "mail.example"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDayIsTheConfiguredZonesDay() {
        assertThat(limits().day()).isEqualTo(LocalDate.of(2026, 11, 22));
        SenderLimits tehran = new SenderLimits(3, Set.of(), Set.of(), ZoneId.of("Asia/Tehran"), UTC_EVENING);
        assertThat(tehran.day()).as("02:00 the next morning in Tehran").isEqualTo(LocalDate.of(2026, 11, 23));
        assertThat(tehran.today()).isEqualTo("2026-11-23");
    }

    @Test
    void aNegativeDailyLimitIsRefusedNamingTheProperty() {
        assertThatThrownBy(() -> new SenderLimits(-1, Set.of(), Set.of(), ZoneOffset.UTC, UTC_EVENING))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("responder.rate-limit.daily-limit");
        assertThat(new SenderLimits(0, Set.of(), Set.of(), ZoneOffset.UTC, UTC_EVENING).dailyLimit()).isZero();
    }
}
