package org.mailresponder.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The test clock the route tests give the limits: at the start of the system's hour, same day, same pace. */
class HourStartClockTest {

    @Test
    void fiveToMidnightBecomesTheStartOfThatHourOnTheSameDay() {
        Clock system = Clock.fixed(Instant.parse("2026-11-22T23:55:30Z"), ZoneOffset.UTC);
        HourStartClock clock = HourStartClock.of(system);
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-11-22T23:00:00Z"));
        assertThat(clock.untilNextHour()).isEqualTo(Duration.ofHours(1));
        assertThat(clock.withZone(ZoneId.of("Asia/Tehran")).instant()).isEqualTo(clock.instant());
    }

    @Test
    void itRunsAtTheSystemsPace() throws Exception {
        HourStartClock clock = new HourStartClock();
        Instant first = clock.instant();
        Thread.sleep(20);
        assertThat(Duration.between(first, clock.instant())).isGreaterThanOrEqualTo(Duration.ofMillis(20));
        assertThat(clock.untilNextHour()).isGreaterThan(Duration.ofMinutes(59));
    }
}
