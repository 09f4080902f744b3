package org.mailresponder.report;

import java.lang.management.ManagementFactory;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;

/** Dates for the daily maintenance job: what is old enough to delete, and who ran the job. */
public class Housekeeping {

    private final Clock clock;
    private final ZoneId zone;
    private final int retentionDays;
    private final int statsRetentionDays;

    /**
     * @param retentionDays      days request ids and answer claims are kept (the at-most-once window for retries)
     * @param statsRetentionDays days of statistics kept
     */
    public Housekeeping(Clock clock, ZoneId zone, int retentionDays, int statsRetentionDays) {
        if (retentionDays < 1 || statsRetentionDays < 14) {
            throw new IllegalArgumentException("retention must be at least 1 day, stats retention at least 14 days");
        }
        this.clock = clock;
        this.zone = zone;
        this.retentionDays = retentionDays;
        this.statsRetentionDays = statsRetentionDays;
    }

    public LocalDate requestCutoffDay() {
        return LocalDate.now(clock.withZone(zone)).minusDays(retentionDays);
    }

    public Timestamp requestCutoffTime() {
        return Timestamp.from(clock.instant().minus(java.time.Duration.ofDays(retentionDays)));
    }

    public LocalDate statsCutoffDay() {
        return LocalDate.now(clock.withZone(zone)).minusDays(statsRetentionDays);
    }

    /** Quartz's fire time as a JDBC timestamp (null when not run by Quartz). */
    public Timestamp timestamp(java.util.Date when) {
        return when == null ? null : new Timestamp(when.getTime());
    }

    public Timestamp now() {
        return Timestamp.from(clock.instant());
    }

    /** This replica, for the job_run table: host name and process id (RuntimeMXBean name is pid@host). */
    public String node() {
        return ManagementFactory.getRuntimeMXBean().getName();
    }
}
