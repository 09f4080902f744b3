package org.mailresponder.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailresponder.testing.Mails;
import org.mailresponder.testing.TestDatabaseExtension;

/**
 * send (the seed's mail_direct) through the SMTP transport to a real server (GreenMail), on MariaDB: the address's
 * answers reach the person as answers to a request, once per entry however often the command is repeated that day
 * (unless --again), recorded in operator_send and answer_log with the recipient only as a hash; never to a blocked
 * recipient or one of our own addresses, and only for a served address.
 */
class SendCommandTest {

    private static final String KEY = "send-key-0123456789";
    @RegisterExtension
    static final TestDatabaseExtension db = TestDatabaseExtension.mariaDb();
    private static GreenMail smtp;
    private static CliRun cli;

    @BeforeAll
    static void start() {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        cli = CliRun.on(db, KEY)
                .set("responder.config", java.nio.file.Path.of("config/responder.json").toAbsolutePath().toString())
                .set("responder.delivery.method", "smtp")
                .set("responder.smtp.host", "127.0.0.1")
                .set("responder.smtp.port", String.valueOf(smtp.getSmtp().getPort()));
    }

    @AfterAll
    static void stop() {
        smtp.stop();
    }

    @BeforeEach
    void purge() throws Exception {
        smtp.purgeEmailFromAllMailboxes();
    }

    private static List<MimeMessage> received() throws Exception {
        List<MimeMessage> all = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            all.add(Mails.parse(raw(m)));
        }
        return all;
    }

    private static byte[] raw(MimeMessage m) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        m.writeTo(out);
        return out.toByteArray();
    }

    private static List<String> rows(String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(rs.getString(i)).append('|');
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    @Test
    void theAnswersGoOutOnceThroughTheTransportAndAreRecordedWithoutTheAddress() throws Exception {
        CliRun.Result first = cli.run("send", "--address", "get@responder.test", "--to", "Reader.One@Example.NET",
                "--subject", "Re: the links, please");
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).startsWith("sent 2 of 2 mail(s) for get@responder.test to sender #")
                .contains("via smtp").doesNotContainIgnoringCase("reader.one");

        List<MimeMessage> mails = received();
        assertThat(mails).hasSize(2);
        for (MimeMessage m : mails) {
            assertThat(Mails.header(m, "To")).isEqualTo("Reader.One@Example.NET");
            assertThat(Mails.header(m, "Subject")).isEqualTo("Re: the links, please");
            assertThat(Mails.header(m, "Auto-Submitted")).isEqualTo("auto-replied");
            assertThat(Mails.header(m, "Reply-To")).isEqualTo("get@responder.test");
            assertThat(Mails.header(m, "In-Reply-To")).matches("<send\\.[0-9a-f]{32}@responder\\.test>");
        }
        assertThat(Mails.header(mails.get(1), "Content-Type")).startsWith("multipart/mixed");

        List<String> recorded = rows("SELECT sender_hash, address, entries_sent, entries_total, method FROM operator_send");
        assertThat(recorded).singleElement().satisfies(r -> {
            assertThat(r).matches("[0-9a-f]{64}\\|get@responder\\.test\\|2\\|2\\|smtp\\|");
            assertThat(r).doesNotContainIgnoringCase("reader");
        });
        assertThat(rows("SELECT COUNT(*) FROM answer_log")).containsExactly("2|");
        assertThat(rows("SELECT COUNT(*) FROM sender_day")).as("not counted against the daily limit")
                .containsExactly("0|");

        // the same command again the same day: nothing goes out twice
        CliRun.Result again = cli.run("send", "--address", "get@responder.test", "--to", "reader.one@example.net",
                "--subject", "the links, please");
        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains("had already gone out");
        assertThat(received()).hasSize(2);

        // --again: a new request, sent in full
        assertThat(cli.run("send", "--address", "get@responder.test", "--to", "reader.one@example.net",
                "--subject", "the links, please", "--again").exit()).isZero();
        assertThat(received()).hasSize(4);
        assertThat(rows("SELECT COUNT(*) FROM operator_send")).containsExactly("2|");
    }

    @Test
    void blockedRecipientsOwnAddressesAndUnservedAddressesAreRefused() throws Exception {
        assertThat(cli.run("limits", "block", "blocked.example").exit()).isZero();
        CliRun.Result blocked = cli.run("send", "--address", "get@responder.test", "--to", "someone@blocked.example");
        assertThat(blocked.exit()).isEqualTo(1);
        assertThat(blocked.err()).contains("block list");

        CliRun.Result own = cli.run("send", "--address", "get@responder.test", "--to", "get@responder.test");
        assertThat(own.exit()).isEqualTo(1);
        assertThat(own.err()).contains("own addresses");

        CliRun.Result unserved = cli.run("send", "--address", "nothing@responder.test", "--to", "someone@example.org");
        assertThat(unserved.exit()).isEqualTo(1);
        assertThat(unserved.err()).contains("nothing@responder.test is not an address the config serves");

        assertThat(cli.run("send", "--address", "get@responder.test", "--to", "not an address").exit()).isEqualTo(2);
        assertThat(received()).isEmpty();
    }
}
