package org.mailresponder.routes;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.mailresponder.inbound.SenderIdentity;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailresponder.testing.Mails;
import org.mailresponder.testing.RequestMail;
import org.mailresponder.testing.ResponderRouteTest;
import org.mailresponder.testing.TestDatabaseExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rate limit through the real routes against a real MySQL-compatible server (the MariaDB on 127.0.0.1:3306,
 * or an embedded MariaDB where none answers), with the Flyway schema applied by the service itself.
 */
class RateLimitMariaDbRouteTest extends ResponderRouteTest {

    static final String KEY = "rate-limit-test-key-0123456789";
    @RegisterExtension
    static final TestDatabaseExtension DB = TestDatabaseExtension.mariaDb();

    @Override
    protected void testProperties(Properties p) {
        useDatabase(p, DB);
        p.setProperty("responder.rate-limit.hash-key", KEY);
        p.setProperty("responder.workers", "16");
        p.setProperty("responder.db.pool-size", "20");
        p.setProperty("responder.rate-limit.blocked-domains", "blocked.example");
        p.setProperty("responder.rate-limit.exempt-domains", "exempt.example");
    }

    @Test
    void fiftySimultaneousRequestsFromOneSenderGetExactlyThreeAnswers() throws Exception {
        // all 50 are in new/ before the first scan picks them up, so 16 workers race on the same counter row
        for (int i = 0; i < 50; i++) {
            drop("burst-" + i, RequestMail.from("burst@mail.example").to("android@responder.test")
                    .messageId("<burst-" + i + "@mail.example>").bytes());
        }
        awaitDrained();
        assertThat(files(outbox())).hasSize(3);
        assertThat(files(maildir().resolve("cur"))).hasSize(50);
        assertThat(answered(new SenderIdentity(KEY).hash("burst@mail.example"))).isEqualTo(3);
    }

    @Test
    void canonicalFormsOfOneGmailAddressShareOneLimit() throws Exception {
        String[] forms = {"A.B+x@gmail.com", "ab@googlemail.com", "a.b@gmail.com", "AB+news@GMail.com", "a.b.+y@googlemail.com"};
        for (int i = 0; i < forms.length; i++) {
            drop("canon-" + i, RequestMail.from(forms[i]).to("android@responder.test")
                    .messageId("<canon-" + i + "@x.example>").bytes());
            awaitDrained();
        }
        assertThat(files(outbox())).hasSize(3);
        SenderIdentity ids = new SenderIdentity(KEY);
        assertThat(ids.hash("A.B+x@gmail.com")).isEqualTo(ids.hash("ab@googlemail.com"));
        assertThat(answered(ids.hash("ab@gmail.com"))).isEqualTo(3);
    }

    @Test
    void aCountFromAnEarlierDayNeverBlocks() throws Exception {
        String hash = new SenderIdentity(KEY).hash("yesterday@mail.example");
        try (Connection c = DB.connect(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO sender_day (sender_hash, req_day, answered) VALUES (?, ?, 99)")) {
            ps.setString(1, hash);
            ps.setObject(2, LocalDate.now(ZoneOffset.UTC).minusDays(1));
            ps.executeUpdate();
        }
        drop("stale", RequestMail.from("yesterday@mail.example").to("android@responder.test")
                .messageId("<stale@x.example>").bytes());
        awaitDrained();
        assertThat(files(outbox())).hasSize(1);
        assertThat(answered(hash)).isEqualTo(1);
    }

    @Test
    void listsAndDomainPoliciesComeBeforeTheCount() throws Exception {
        SenderIdentity ids = new SenderIdentity(KEY);
        try (Connection c = DB.connect(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO sender_list VALUES ('address', '" + ids.hash("Vip+tag@Lists.example")
                    + "', 'allow', CURRENT_TIMESTAMP)");
            s.executeUpdate("INSERT INTO sender_list VALUES ('domain', 'lists.example', 'block', CURRENT_TIMESTAMP)");
        }
        List<String> expectedAnswered = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            drop("vip-" + i, RequestMail.from("vip@lists.example").to("android@responder.test")
                    .messageId("<vip-" + i + "@x>").bytes());
            expectedAnswered.add("<vip-" + i + "@x>");
            drop("other-" + i, RequestMail.from("other@lists.example").to("android@responder.test")
                    .messageId("<other-" + i + "@x>").bytes());
            drop("blocked-" + i, RequestMail.from("u@blocked.example").to("android@responder.test")
                    .messageId("<blocked-" + i + "@x>").bytes());
            drop("exempt-" + i, RequestMail.from("u@exempt.example").to("android@responder.test")
                    .messageId("<exempt-" + i + "@x>").bytes());
            expectedAnswered.add("<exempt-" + i + "@x>");
            awaitDrained();
        }
        List<String> answeredIds = new ArrayList<>();
        for (var f : files(outbox())) {
            answeredIds.add(Mails.header(Mails.read(f), "In-Reply-To"));
        }
        // allowed address beats its blocked domain; exempt domains are never counted; blocked ones never answered
        assertThat(answeredIds).containsExactlyInAnyOrderElementsOf(expectedAnswered);
    }

    @Test
    void noTableHoldsARawAddress() throws Exception {
        drop("privacy", RequestMail.from("Private.Person@mail.example").to("android@responder.test")
                .messageId("<p@x>").bytes());
        awaitDrained();
        try (Connection c = DB.connect(); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = c.getMetaData().getTables(DB.name(), null, "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    tables.add(rs.getString("TABLE_NAME"));
                }
            }
            assertThat(tables).contains("sender_day", "answer_log", "request_seen", "sender_list");
            for (String t : tables) {
                try (ResultSet rs = s.executeQuery("SELECT * FROM " + t)) {
                    int cols = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= cols; i++) {
                            String v = rs.getString(i);
                            if (v != null) {
                                assertThat(v.toLowerCase()).as(t).doesNotContain("private.person").doesNotContain("privateperson");
                            }
                        }
                    }
                }
            }
        }
    }

    private static int answered(String senderHash) throws Exception {
        try (Connection c = DB.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT answered FROM sender_day WHERE sender_hash = ?")) {
            ps.setString(1, senderHash);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }
}
