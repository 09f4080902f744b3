package org.mailresponder.report;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailresponder.testing.ResponderRouteTest;
import org.mailresponder.testing.ServiceReplica;
import org.mailresponder.testing.TestDatabaseExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Downtime on the clustered JDBC job store: the job (every second here, with a 1 s misfire threshold) is not run
 * once per fire time missed while no replica was up; the next replica makes up for them with one run.
 */
class MisfireTest extends ResponderRouteTest {

    @RegisterExtension
    static final TestDatabaseExtension DB = TestDatabaseExtension.mariaDb();
    static final String EVERY_SECOND = "0/1 * * * * ?";
    static final String NEVER = "0 0 0 1 1 ? 2099";

    @Override
    protected void testProperties(Properties p) {
        useDatabase(p, DB);
        p.setProperty("responder.schedule.reset-cron", EVERY_SECOND);
        p.setProperty("responder.schedule.stats-cron", NEVER);
        p.setProperty("responder.schedule.cluster-checkin", "1000");
        p.setProperty("responder.schedule.misfire-threshold", "1000");
    }

    @Test
    void firesMissedDuringDowntimeAreMadeUpOnceNotOneByOne() throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> runsScheduledBetween(Instant.EPOCH, Instant.now()) >= 2);
        context.stop();
        Instant down = Instant.now();
        Thread.sleep(6000);

        Instant up;
        ServiceReplica replica = ServiceReplica.start(work().resolve("replica2"), DB, Map.of(
                "responder.schedule.reset-cron", EVERY_SECOND, "responder.schedule.stats-cron", NEVER,
                "responder.schedule.cluster-checkin", "1000", "responder.schedule.misfire-threshold", "1000"));
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> runsFiredAfter(down) >= 3);
            up = firstFiredAfter(down);
        } finally {
            replica.close();
        }
        // six or more fire times fell into the downtime; at most the one made-up run may carry such a time
        assertThat(Duration.between(down, up)).isGreaterThan(Duration.ofSeconds(5));
        assertThat(runsScheduledBetween(down.plusSeconds(1), up.minusSeconds(1))).isLessThanOrEqualTo(1);
    }

    private static long runsScheduledBetween(Instant from, Instant to) throws Exception {
        return query("SELECT COUNT(*) FROM job_run WHERE job_name = 'daily-reset' AND scheduled_for > ? AND scheduled_for < ?",
                from, to).getLong(1);
    }

    private static long runsFiredAfter(Instant t) throws Exception {
        return query("SELECT COUNT(*) FROM job_run WHERE job_name = 'daily-reset' AND fired_at > ?", t).getLong(1);
    }

    private static Instant firstFiredAfter(Instant t) throws Exception {
        return query("SELECT MIN(fired_at) FROM job_run WHERE job_name = 'daily-reset' AND fired_at > ?", t)
                .getTimestamp(1).toInstant();
    }

    /** The single row of a one-row query, read into memory so the connection can be closed. */
    private static ResultSet query(String sql, Instant... params) throws Exception {
        try (Connection c = DB.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setTimestamp(i + 1, Timestamp.from(params[i]));
            }
            javax.sql.rowset.CachedRowSet row = javax.sql.rowset.RowSetProvider.newFactory().createCachedRowSet();
            try (ResultSet rs = ps.executeQuery()) {
                row.populate(rs);
            }
            row.next();
            return row;
        }
    }
}
