package org.mailresponder.routes;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailresponder.testing.RequestMail;
import org.mailresponder.testing.ResponderRouteTest;
import org.mailresponder.testing.TestDatabaseExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seam the hourly-bound tests rely on: a {@code limitsClock} bean, bound before the service's beans are made,
 * is the clock the limits count days and hours by (here one far in the past, so nothing else could explain it).
 */
public class LimitsClockRouteTest extends ResponderRouteTest {

    /** 10:30 UTC on 1 January 2020, for ever. */
    public static final class NewYear2020 extends Clock {
        private static final Instant AT = Instant.parse("2020-01-01T10:30:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return Clock.fixed(AT, zone);
        }

        @Override
        public Instant instant() {
            return AT;
        }
    }

    @RegisterExtension
    static final TestDatabaseExtension DB = TestDatabaseExtension.mariaDb();

    @Override
    protected void testProperties(Properties p) {
        useDatabase(p, DB);
        p.setProperty("camel.beans.limitsClock", "#class:" + NewYear2020.class.getName());
        p.setProperty("responder.rate-limit.global-hourly-cap", "1000");
    }

    private static List<String> column(String sql) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection c = DB.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    @Test
    void theLimitsCountByTheBoundClock() throws Exception {
        drop("r1", RequestMail.from("reader@mail.example").to("android@responder.test").messageId("<r1@x>").bytes());
        awaitDrained();

        assertThat(files(outbox())).hasSize(1);
        assertThat(column("SELECT req_day FROM request_seen")).containsExactly("2020-01-01");
        assertThat(column("SELECT DISTINCT period FROM limit_counter")).contains("2020-01-01T10");
    }
}
