package org.mailresponder.testing;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Hourly and daily bounds restart when the UTC hour (or day) changes. A test that counts against them waits, when the
 * hour is about to end, until the next one has begun, so that all its requests fall into one hour.
 */
public final class HourBoundary {

    private HourBoundary() {
    }

    public static void awaitRoomFor(Duration testDuration) throws InterruptedException {
        Instant now = Instant.now();
        Instant next = now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        if (Duration.between(now, next).compareTo(testDuration) < 0) {
            Thread.sleep(Duration.between(now, next).toMillis() + 1000);
        }
    }
}
