package org.mailresponder.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailresponder.inbound.SenderIdentity;
import org.mailresponder.testing.TestDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailresponder.testing.TestDatabaseExtension;

/** The limits commands against a real MariaDB database: rows written, what show reports, exit codes. */
class LimitsCommandTest {

    private static final String KEY = "limits-test-key-0123456789";
    @RegisterExtension
    static final TestDatabaseExtension db = TestDatabaseExtension.mariaDb();
    private static CliRun cli;

    @BeforeAll
    static void database() {
        cli = CliRun.on(db, KEY)
                .set("responder.rate-limit.daily-limit", "3").set("responder.rate-limit.zone", "UTC")
                .set("responder.rate-limit.blocked-domains", "spam.example");
    }

    @BeforeEach
    void empty() throws Exception {
        cli.run("limits", "show"); // migrates a fresh database on first use
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM sender_list");
            s.execute("DELETE FROM sender_day");
        }
    }

    private static String hash(String address) {
        return new SenderIdentity(KEY).hash(address);
    }

    private static List<String> rows(String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    private static void answeredToday(String address, int count) throws Exception {
        try (Connection c = db.connect();
             PreparedStatement ps = c.prepareStatement("INSERT INTO sender_day (sender_hash, req_day, answered) VALUES (?, ?, ?)")) {
            ps.setString(1, hash(address));
            ps.setDate(2, java.sql.Date.valueOf(LocalDate.now(ZoneOffset.UTC)));
            ps.setInt(3, count);
            ps.executeUpdate();
        }
    }

    @Test
    void blockStoresOnlyTheHashOfTheCanonicalAddress() throws Exception {
        CliRun.Result r = cli.run("limits", "block", "A.B+promo@GoogleMail.com");

        assertThat(r.exit()).isZero();
        assertThat(rows("SELECT list_kind, list_value, action FROM sender_list"))
                .containsExactly("address|" + hash("ab@gmail.com") + "|BLOCK");
        assertThat(String.join("\n", rows("SELECT * FROM sender_list"))).doesNotContainIgnoringCase("a.b")
                .doesNotContainIgnoringCase("googlemail").doesNotContainIgnoringCase("promo");
        // any spelling of the same sender finds the entry
        assertThat(cli.run("limits", "show", "ab@gmail.com").out())
                .contains("address list: blocked").contains("decision:     blocked");
    }

    @Test
    void allowAndBlockMoveADomainBetweenTheListsAndUnblockRemovesIt() throws Exception {
        assertThat(cli.run("limits", "allow", "Example.ORG").exit()).isZero();
        assertThat(rows("SELECT list_kind, list_value, action FROM sender_list"))
                .containsExactly("domain|example.org|ALLOW");

        CliRun.Result block = cli.run("limits", "block", "example.org");
        assertThat(block.exit()).isZero();
        assertThat(block.out()).contains("blocked domain example.org (was allowed)");
        assertThat(rows("SELECT action FROM sender_list")).containsExactly("BLOCK");

        CliRun.Result wrongList = cli.run("limits", "unallow", "example.org");
        assertThat(wrongList.exit()).isEqualTo(1);
        assertThat(wrongList.err().strip()).isEqualTo("unallow: domain example.org is not on the allow list");
        assertThat(rows("SELECT action FROM sender_list")).containsExactly("BLOCK");

        assertThat(cli.run("limits", "unblock", "example.org").exit()).isZero();
        assertThat(rows("SELECT * FROM sender_list")).isEmpty();
        assertThat(cli.run("limits", "unblock", "example.org").exit()).isEqualTo(1);
    }

    @Test
    void showReportsTodaysCountAndTheDecisionTheRateLimitWouldTake() throws Exception {
        answeredToday("some.one@example.net", 2);
        CliRun.Result two = cli.run("limits", "show", "Some.One+x@example.net");
        assertThat(two.exit()).isZero();
        assertThat(two.out()).contains("address list: none").contains("today:        2 of 3 answers used on "
                + LocalDate.now(ZoneOffset.UTC)).contains("the next request would be answered");

        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE sender_day SET answered = 3");
        }
        assertThat(cli.run("limits", "show", "some.one@example.net").out()).contains("3 of 3")
                .contains("rate-limited until the day is reset");

        // an allowed domain wins over the count; an address entry wins over the domain entry
        cli.run("limits", "allow", "example.net");
        assertThat(cli.run("limits", "show", "some.one@example.net").out()).contains("domain list:  allowed")
                .contains("decision:     allowed");
        cli.run("limits", "block", "some.one@example.net");
        assertThat(cli.run("limits", "show", "some.one@example.net").out()).contains("decision:     blocked");

        // the configured blocked domains are shown too
        assertThat(cli.run("limits", "show", "spam.example").out())
                .contains("responder.rate-limit.blocked-domains").contains("decision:     blocked");
    }

    @Test
    void showReportsWhatARecipientDomainHasUsedOfItsCap() throws Exception {
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM limit_counter");
            s.executeUpdate("INSERT INTO limit_counter VALUES ('domain:victim.example', '" + today + "', 42)");
            // a shared provider's count is kept in slots; one from yesterday does not count
            s.executeUpdate("INSERT INTO limit_counter VALUES ('domain:gmail.com#0', '" + today + "', 5)");
            s.executeUpdate("INSERT INTO limit_counter VALUES ('domain:gmail.com#3', '" + today + "', 7)");
            s.executeUpdate("INSERT INTO limit_counter VALUES ('domain:gmail.com#5', '2000-01-01', 900)");
        }
        assertThat(cli.run("limits", "show", "someone@mx1.victim.example").out())
                .contains("domain cap:   42 of 200 answer mails to victim.example used on " + today);
        assertThat(cli.run("limits", "show", "googlemail.com").out())
                .contains("domain cap:   12 of 100000 answer mails to gmail.com used on " + today + " (shared provider)");
    }

    @Test
    void showWithoutArgumentListsEntriesAsHashesAndTodaysTotals() throws Exception {
        cli.run("limits", "block", "secret.person@example.com");
        cli.run("limits", "allow", "partner.example");
        answeredToday("a@example.com", 3);
        answeredToday("b@example.com", 1);

        CliRun.Result r = cli.run("limits", "show");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("block  address #" + hash("secret.person@example.com").substring(0, 12))
                .contains("allow  domain  partner.example")
                .contains("2 sender(s) counted, 1 at the daily limit of 3")
                .doesNotContain("secret.person");
    }

    @Test
    void clearDayResetsEveryoneOrOneSender() throws Exception {
        answeredToday("a@example.com", 3);
        answeredToday("b@example.com", 3);

        CliRun.Result one = cli.run("limits", "clear-day", "A@example.com");
        assertThat(one.exit()).isZero();
        assertThat(rows("SELECT sender_hash FROM sender_day")).containsExactly(hash("b@example.com"));

        CliRun.Result all = cli.run("limits", "clear-day");
        assertThat(all.exit()).isZero();
        assertThat(all.out()).contains("cleared the day's counts of 1 sender(s)");
        assertThat(rows("SELECT * FROM sender_day")).isEmpty();

        assertThat(cli.run("limits", "clear-day", "example.com").exit()).isEqualTo(2);
    }

    @Test
    void usageErrorsExitTwoAndChangeNothing() throws Exception {
        CliRun.Result notAnAddress = cli.run("limits", "block", "not an address");
        assertThat(notAnAddress.exit()).isEqualTo(2);
        assertThat(notAnAddress.err()).contains("is neither an address nor a domain").contains("Usage:");

        assertThat(cli.run("limits", "block").exit()).isEqualTo(2);
        assertThat(cli.run("limits").exit()).isEqualTo(2);
        assertThat(cli.run("limits", "frobnicate").exit()).isEqualTo(2);
        assertThat(rows("SELECT * FROM sender_list")).isEmpty();
    }

    @Test
    void anUnreachableDatabaseExitsOneWithOneLine() {
        CliRun.Result r = new CliRun().set("responder.db.url", "jdbc:mysql://127.0.0.1:1/none?connectTimeout=1000")
                .set("responder.db.user", "root").set("responder.rate-limit.hash-key", KEY)
                .run("limits", "block", "x@example.com");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip()).startsWith("block: ").doesNotContain("\n");
    }
}
