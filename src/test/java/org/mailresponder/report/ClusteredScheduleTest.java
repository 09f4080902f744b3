package org.mailresponder.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailresponder.testing.ResponderRouteTest;
import org.mailresponder.testing.ServiceReplica;
import org.mailresponder.testing.TestDatabaseExtension;

/**
 * Two replicas (this test's Camel context and a second service JVM) share one MariaDB database and its clustered
 * Quartz store; the daily-reset job, scheduled every second here, runs exactly once per scheduled time.
 * The second replica is a separate JVM because Quartz keeps one scheduler per name per JVM.
 */
class ClusteredScheduleTest extends ResponderRouteTest {

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
    }

    @Test
    void dailyJobRunsOncePerFireTimeAcrossTwoReplicas() throws Exception {
        ServiceReplica replica = ServiceReplica.start(work().resolve("replica2"), DB, Map.of(
                "responder.schedule.reset-cron", EVERY_SECOND, "responder.schedule.stats-cron", NEVER,
                "responder.schedule.cluster-checkin", "1000"));
        try {
            // both schedulers check in to the same cluster
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> count("SELECT COUNT(*) FROM QRTZ_SCHEDULER_STATE") == 2);
            long firesBefore = count("SELECT COUNT(DISTINCT scheduled_for) FROM job_run WHERE job_name = 'daily-reset'");
            Thread.sleep(6000);
            assertThat(count("SELECT COUNT(DISTINCT scheduled_for) FROM job_run WHERE job_name = 'daily-reset'")
                    - firesBefore).as("fire times while both replicas ran").isGreaterThanOrEqualTo(4);
        } finally {
            replica.close();
        }
        assertThat(count("SELECT COUNT(*) FROM (SELECT scheduled_for FROM job_run WHERE job_name = 'daily-reset' "
                + "GROUP BY scheduled_for HAVING COUNT(*) > 1) d")).as("fire times run twice").isZero();
        assertThat(count("SELECT COUNT(*) FROM job_run")).isEqualTo(
                count("SELECT COUNT(DISTINCT job_name, scheduled_for) FROM job_run"));
    }

    static long count(String sql) throws Exception {
        try (Connection c = DB.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
