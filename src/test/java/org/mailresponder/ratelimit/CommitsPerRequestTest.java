package org.mailresponder.ratelimit;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailresponder.testing.RequestMail;
import org.mailresponder.testing.ResponderRouteTest;
import org.mailresponder.testing.TestDatabaseExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Counts what one answered request costs the database (MariaDB), from the server's own per-session counters
 * ({@code SHOW SESSION STATUS}) summed over every connection of the service's two pools. Session counters, because other
 * builds share the server.
 *
 * <p>MariaDB's {@code Handler_commit} counts one per statement (its statement-level commit) plus one per transaction
 * commit, so it is not a count of transactions. The ledger runs every statement of a request inside one explicit
 * transaction: then {@code Com_commit} is the number of transactions (of durable commits), and the statement counters
 * say how many round trips they took. (Before the ledger, 5 statements ran in auto-commit: 5 transactions per
 * answered request, with {@code Com_commit} near 0.) The figures are printed; the test asserts one explicit
 * transaction per answered request, batched confirmations included.
 */
class CommitsPerRequestTest extends ResponderRouteTest {

    static final int REQUESTS = 400;
    @RegisterExtension
    static final TestDatabaseExtension DB = TestDatabaseExtension.mariaDb();
    static final List<String> COUNTERS = List.of("Handler_commit", "Com_commit", "Com_rollback", "Com_insert",
            "Com_update", "Com_select", "Com_delete", "Com_set_option", "Com_stmt_execute", "Com_stmt_prepare",
            "Com_stmt_close");

    @Override
    protected void testProperties(Properties p) {
        useDatabase(p, DB);
        String url = p.getProperty("responder.db.url");
        p.setProperty("responder.db.url", url + (url.contains("?") ? "&" : "?") + "queryInterceptors="
                + RoundTripCounter.class.getName());
        p.setProperty("responder.db.pool-size", "6");
        p.setProperty("responder.workers", "4");
        // nothing else on the pool while the counters run: no stats flush, no daily mail
        p.setProperty("responder.stats.flush-period", "1h");
        p.setProperty("responder.stats.recipient", "");
        // confirmations are batched per tick whatever the rate: a longer tick keeps their share small and known
        p.setProperty("responder.hand-off.confirm-period", "10000");
    }

    @Test
    void oneCommitPerAnsweredRequest() throws Exception {
        drop("warm-up", RequestMail.from("warm@gmail.com").to("android@responder.test")
                .messageId("<warm@mail.example>").bytes());
        awaitDrained();
        Map<String, Long> before = sessionCounters();
        long roundTripsBefore = RoundTripCounter.COMMANDS.get();
        long start = System.nanoTime();
        for (int i = 0; i < REQUESTS; i++) {
            drop("req-" + i, RequestMail.from("user" + i + "@gmail.com").to("android@responder.test")
                    .messageId("<req-" + i + "@mail.example>").bytes());
        }
        awaitDrained();
        double roundTrips = (RoundTripCounter.COMMANDS.get() - roundTripsBefore) / (double) REQUESTS;
        Map<String, Long> after = sessionCounters();
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(files(outbox())).hasSize(REQUESTS + 1);
        StringBuilder line = new StringBuilder("[commits per answered request, MariaDB, " + REQUESTS + " requests]");
        Map<String, Double> per = new TreeMap<>();
        for (String k : COUNTERS) {
            double v = (after.get(k) - before.get(k)) / (double) REQUESTS;
            per.put(k, v);
            line.append(String.format(Locale.ROOT, " %s=%.2f", k, v));
        }
        line.append(String.format(Locale.ROOT, " round trips (commands sent by Connector/J)=%.2f", roundTrips));
        System.out.println(line);
        // besides the requests' own: one batched confirmation per tick, Quartz's cluster check-ins and trigger scans
        double others = (seconds / 10 + seconds / 7.5 + seconds / 30 + 5) / REQUESTS;
        assertThat(per.get("Com_commit")).as("transactions per answered request").isBetween(1.0, 1.0 + others);
        // The ledger's pool stays out of auto-commit: no SET autocommit=0 before each transaction and =1 after (2.0
        // per request on the shared pool). Quartz's check-ins still toggle it on the shared pool, a few per run.
        assertThat(per.get("Com_set_option")).as("SET statements per answered request").isLessThan(2 * others);
        // Statements are prepared once per connection (12 connections, about 10 statements each), not per request:
        // the claim's JDBC batch, rewritten by Connector/J, was prepared and closed again for every request.
        assertThat(per.get("Com_stmt_prepare")).as("statements prepared per answered request").isLessThan(0.4);
        assertThat(per.get("Com_stmt_close")).as("prepared statements closed per answered request").isLessThan(0.1);
        // The ledger's statements: claim the request, read the sender's list entries, count the sender's day (one
        // upsert that reports whether it counted), count the hourly cap, claim the answer. They go to the server as
        // one text (UsualDecision), then the commit: two round trips, where one per statement took seven (7.14
        // measured with the text switched off) and the claim sent before the text three. The first request of each
        // counter shard in its period takes the long way (the claim, then a round trip per statement: about 6, for 8
        // shards of 400 requests), statements are prepared once per connection, and the batched confirmations and
        // Quartz's check-ins add a few more.
        assertThat(per.get("Com_insert") + per.get("Com_update") + per.get("Com_select"))
                .as("statements per answered request").isGreaterThanOrEqualTo(5.0);
        assertThat(roundTrips).as("round trips per answered request").isBetween(2.0, 2.5);

    }

    /**
     * Sums the session counters of every connection of the service's two pools (the shared one and the ledger's):
     * all of a pool's connections are borrowed at once, so each is seen.
     */
    private Map<String, Long> sessionCounters() throws Exception {
        Map<String, Long> sum = new TreeMap<>();
        COUNTERS.forEach(k -> sum.put(k, 0L));
        sessionCounters(context.getRegistry().lookupByNameAndType("dataSource", HikariDataSource.class), sum);
        sessionCounters((HikariDataSource) context.getRegistry().lookupByNameAndType("requestLedger",
                RequestLedger.class).pool(), sum);
        return sum;
    }

    private static void sessionCounters(HikariDataSource ds, Map<String, Long> sum) throws Exception {
        int size = ds.getMaximumPoolSize();
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < size; i++) {
                held.add(ds.getConnection());
            }
            for (Connection c : held) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW SESSION STATUS")) {
                    while (rs.next()) {
                        if (sum.containsKey(rs.getString(1))) {
                            sum.merge(rs.getString(1), rs.getLong(2), Long::sum);
                        }
                    }
                }
            }
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
    }
}
