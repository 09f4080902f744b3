package org.mailresponder.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The system clock set back to the beginning of the current UTC hour: it runs at the normal pace, but a test that
 * counts against hourly bounds has the whole hour before the next period starts, instead of waiting for one. Going
 * back, never forward, keeps the day (in UTC) the system's.
 *
 * <p>The service takes it as its {@code limitsClock}: a test sets the override property
 * {@code camel.beans.limitsClock=#class:org.mailresponder.testing.HourStartClock}.
 */
public final class HourStartClock extends Clock {

    /** The override property that makes the service under test use this clock for its limits... */
    public static final String PROPERTY = "camel.beans.limitsClock";
    /** ...and its value. */
    public static final String VALUE = "#class:" + HourStartClock.class.getName();

    private final Clock clock;

    /** Made by Camel from {@link #VALUE}. */
    public HourStartClock() {
        this(atHourStart(Clock.systemUTC()));
    }

    private HourStartClock(Clock clock) {
        this.clock = clock;
    }

    /** {@code system}, set back to the beginning of its current UTC hour. */
    public static HourStartClock of(Clock system) {
        return new HourStartClock(atHourStart(system));
    }

    private static Clock atHourStart(Clock system) {
        Instant now = system.instant();
        return Clock.offset(system, Duration.between(now, now.truncatedTo(ChronoUnit.HOURS)));
    }

    @Override
    public ZoneId getZone() {
        return clock.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new HourStartClock(clock.withZone(zone));
    }

    @Override
    public Instant instant() {
        return clock.instant();
    }

    @Override
    public long millis() {
        return clock.millis();
    }

    /** How long until this clock reaches the next UTC hour. */
    public Duration untilNextHour() {
        Instant now = instant();
        return Duration.between(now, now.atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS).plusHours(1).toInstant());
    }
}
