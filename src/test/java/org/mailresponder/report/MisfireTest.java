package org.mailresponder.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.mailresponder.testing.ResponderRouteTest;
import org.mailresponder.testing.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Downtime on the clustered JDBC job store: the job (every second here, with a 1 s misfire threshold) is not run
 * once per fire time missed while no replica was up; the next replica makes up for them with one run.
 */
class MisfireTest extends ResponderRouteTest {

    static final TestDatabase DB = TestDatabase.create();
    static final String EVERY_SECOND = "0/1 * * * * ?";
    static final String NEVER = "0 0 0 1 1 ? 2099";

    @AfterAll
    static void dropDatabase() {
        DB.close();
    }

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

        Path other = Files.createDirectories(work().resolve("replica2"));
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path")));
        for (String[] kv : new String[][] {
                {"responder.db.url", DB.url()}, {"responder.db.user", DB.user()},
                {"responder.schedule.reset-cron", EVERY_SECOND}, {"responder.schedule.stats-cron", NEVER},
                {"responder.schedule.cluster-checkin", "1000"}, {"responder.schedule.misfire-threshold", "1000"},
                {"responder.maildir", other.resolve("maildir").toString()},
                {"responder.outbox", other.resolve("outbox").toString()},
                {"responder.data-dir", other.resolve("data").toString()},
                {"responder.rate-limit.hash-key", "test-hash-key-0123456789"},
                {"camel.management.port", String.valueOf(freePort())}}) {
            cmd.add("-D" + kv[0] + "=" + kv[1]);
        }
        cmd.add("org.mailresponder.MailResponder");
        Instant up;
        Process replica = new ProcessBuilder(cmd).directory(PROJECT.toFile())
                .redirectErrorStream(true).redirectOutput(other.resolve("replica.log").toFile()).start();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> runsFiredAfter(down) >= 3);
            up = firstFiredAfter(down);
        } finally {
            replica.destroy();
            if (!replica.waitFor(30, TimeUnit.SECONDS)) {
                replica.destroyForcibly().waitFor();
            }
        }
        // six or more fire times fell into the downtime; at most the one made-up run may carry such a time
        assertThat(Duration.between(down, up)).isGreaterThan(Duration.ofSeconds(5));
        assertThat(runsScheduledBetween(down.plusSeconds(1), up.minusSeconds(1))).isLessThanOrEqualTo(1);
    }

    private static long runsScheduledBetween(Instant from, Instant to) throws Exception {
        try (Connection c = DB.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*) FROM job_run WHERE job_name = 'daily-reset' AND scheduled_for > ? AND scheduled_for < ?")) {
            ps.setTimestamp(1, Timestamp.from(from));
            ps.setTimestamp(2, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long runsFiredAfter(Instant t) throws Exception {
        try (Connection c = DB.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*) FROM job_run WHERE job_name = 'daily-reset' AND fired_at > ?")) {
            ps.setTimestamp(1, Timestamp.from(t));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static Instant firstFiredAfter(Instant t) throws Exception {
        try (Connection c = DB.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT MIN(fired_at) FROM job_run WHERE job_name = 'daily-reset' AND fired_at > ?")) {
            ps.setTimestamp(1, Timestamp.from(t));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getTimestamp(1).toInstant();
            }
        }
    }
}
