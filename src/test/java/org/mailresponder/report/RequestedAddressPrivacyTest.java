package org.mailresponder.report;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailresponder.testing.LogCapture;
import org.mailresponder.testing.RequestMail;
import org.mailresponder.testing.ResponderRouteTest;
import org.mailresponder.testing.TestDatabaseExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requested addresses a stranger picks (unserved, 300 characters long) on MariaDB: they appear as {@code unknown}
 * in the request log, the metrics and {@code stats_requests}, never as written, and a statistics row the database
 * refuses is dropped without holding back the others or later flushes.
 */
class RequestedAddressPrivacyTest extends ResponderRouteTest {

    @RegisterExtension
    static final TestDatabaseExtension DB = TestDatabaseExtension.mariaDb();
    static final String LONG_LOCAL = "very.long.requested.address." + "x".repeat(272);
    static final String STRANGER = "stranger.name";

    @Override
    protected void testProperties(Properties p) {
        useDatabase(p, DB);
        p.setProperty("responder.stats.flush-period", "200");
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

    private static long answeredCount() throws Exception {
        List<String> v = column("SELECT COALESCE(SUM(cnt), 0) FROM stats_requests WHERE outcome = 'answered'");
        return Long.parseLong(v.get(0));
    }

    @Test
    void unservedAndOverlongRequestedAddressesAreNeverStoredLoggedOrLabelled() throws Exception {
        String captured;
        try (LogCapture all = LogCapture.of(org.slf4j.Logger.ROOT_LOGGER_NAME)) {
            drop("long", RequestMail.from("a@mail.example").to(LONG_LOCAL + "@responder.test").messageId("<long@x>")
                    .bytes());
            drop("stranger", RequestMail.from("b@mail.example").to(STRANGER + "@responder.test")
                    .messageId("<stranger@x>").bytes());
            drop("served", RequestMail.from("c@mail.example").to("android@responder.test").messageId("<served@x>")
                    .bytes());
            awaitDrained();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> answeredCount() == 1
                    && column("SELECT requested FROM stats_requests").contains("unknown"));
            List<String> stored = column("SELECT requested FROM stats_requests");
            assertThat(stored).containsOnly("unknown", "android@responder.test");
            for (String raw : List.of(LONG_LOCAL, STRANGER)) {
                assertThat(stored).as("stats_requests").noneMatch(v -> v.contains(raw));
            }

            // a fault in the database itself: the outcome column too narrow for some outcomes (a real refusal, no mock)
            try (Connection c = DB.connect(); Statement s = c.createStatement()) {
                s.execute("DELETE FROM stats_requests WHERE CHAR_LENGTH(outcome) > 8");
                s.execute("ALTER TABLE stats_requests MODIFY outcome VARCHAR(8) NOT NULL");
            }
            drop("refused-row", RequestMail.from("d@mail.example").to("nobody@responder.test")
                    .messageId("<refused-row@x>").bytes());
            drop("good-row", RequestMail.from("e@mail.example").to("android@responder.test").messageId("<good-row@x>")
                    .bytes());
            awaitDrained();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> answeredCount() == 2);
            drop("later", RequestMail.from("f@mail.example").to("android@responder.test").messageId("<later@x>")
                    .bytes());
            awaitDrained();
            Awaitility.await().atMost(Duration.ofSeconds(10)).alias("later flushes go on").until(() -> answeredCount() == 3);
            captured = all.text();
        }
        String log = captured.toLowerCase(Locale.ROOT);
        assertThat(log).contains("\"requested\":\"unknown\"").contains("refused by the database and dropped");
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + managementPort() + "/observe/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body().toLowerCase(Locale.ROOT);
        for (String raw : List.of(LONG_LOCAL, STRANGER, "nobody@responder.test")) {
            assertThat(log).as("log").doesNotContain(raw);
            assertThat(metrics).as("metrics").doesNotContain(raw);
        }
    }
}
