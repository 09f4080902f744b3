package org.mailresponder.routes;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;

import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailresponder.inbound.SenderIdentity;
import org.mailresponder.testing.Mails;
import org.mailresponder.testing.RequestMail;
import org.mailresponder.testing.ResponderRouteTest;
import org.mailresponder.testing.TestDatabaseExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The optional over-limit notice (issue 11) through the real routes on MariaDB: the sender-day's first request
 * refused by the daily limit gets one notice, later ones and replays get nothing, concurrent refusals send exactly
 * one, a new day sends one again, and the notice counts against the recipient domain's cap like an answer.
 */
class OverLimitNoticeRouteTest extends ResponderRouteTest {

    static final String KEY = "over-limit-notice-test-key-0123";
    @RegisterExtension
    static final TestDatabaseExtension DB = TestDatabaseExtension.mariaDb();

    @Override
    protected void testProperties(Properties p) {
        useDatabase(p, DB);
        p.setProperty("responder.rate-limit.hash-key", KEY);
        p.setProperty("responder.workers", "16");
        p.setProperty("responder.db.pool-size", "20");
        p.setProperty("responder.over-limit-notice.enabled", "true");
        p.setProperty("responder.over-limit-notice.subject", "Limit for today");
        p.setProperty("responder.over-limit-notice.text", "Only {limit} answers a day; the count restarts at {reset}.");
        p.setProperty("responder.rate-limit.domain-daily-cap", "4");
    }

    @Test
    void theFirstRequestOverTheLimitGetsOneNoticeThenSilence() throws Exception {
        for (int i = 0; i < 8; i++) {
            drop("seq-" + i, request("seq@mail.example", "<seq-" + i + "@mail.example>"));
            awaitDrained();
        }
        List<MimeMessage> mails = outboxMails();
        assertThat(mails).hasSize(4);
        List<MimeMessage> notices = notices(mails);
        assertThat(notices).hasSize(1);
        MimeMessage notice = notices.get(0);
        assertThat(Mails.header(notice, "In-Reply-To")).isEqualTo("<seq-3@mail.example>");
        assertThat(Mails.header(notice, "To")).isEqualTo("seq@mail.example");
        assertThat(Mails.header(notice, "Auto-Submitted")).isEqualTo("auto-replied");
        assertThat(((MimeMultipart) notice.getContent()).getBodyPart(0).getContent().toString()).contains("Only 3 answers a day; the count restarts at 00:00 UTC.");
        assertThat(Files.list(outbox()).filter(f -> f.getFileName().toString().contains("-notice-")).count())
                .isEqualTo(1);

        // the refused request that sent the notice, dropped again: a replay of a rate-limited request, nothing sent
        drop("seq-3-again", request("seq@mail.example", "<seq-3@mail.example>"));
        awaitDrained();
        assertThat(outboxMails()).hasSize(4);
        assertThat(files(maildir().resolve("cur"))).hasSize(9);
    }

    @Test
    void concurrentRefusalsSendExactlyOneNotice() throws Exception {
        for (int i = 0; i < 40; i++) {
            drop("burst-" + i, request("burst@other.example", "<burst-" + i + "@other.example>"));
        }
        awaitDrained();
        List<MimeMessage> mails = outboxMails();
        assertThat(notices(mails)).hasSize(1);
        assertThat(mails).hasSize(4);
    }

    @Test
    void aNewDaySendsTheNoticeAgain() throws Exception {
        String hash = new SenderIdentity(KEY).hash("daily@third.example");
        try (Connection c = DB.connect(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO sender_day (sender_hash, req_day, answered, notified) VALUES (?, ?, 3, 1)")) {
            ps.setString(1, hash);
            ps.setObject(2, LocalDate.now(ZoneOffset.UTC).minusDays(1));
            ps.executeUpdate();
        }
        for (int i = 0; i < 5; i++) {
            drop("day-" + i, request("daily@third.example", "<day-" + i + "@third.example>"));
            awaitDrained();
        }
        List<MimeMessage> mails = outboxMails();
        assertThat(mails).hasSize(4);
        assertThat(notices(mails)).hasSize(1);
    }

    @Test
    void theNoticeCountsAgainstTheRecipientDomainsCap() throws Exception {
        // cap 4 mails a day to cap.example: three answers and the notice to the first sender fill it
        for (int i = 0; i < 4; i++) {
            drop("a-" + i, request("a@cap.example", "<a-" + i + "@cap.example>"));
            awaitDrained();
        }
        drop("b-0", request("b@cap.example", "<b-0@cap.example>"));
        awaitDrained();
        List<MimeMessage> mails = outboxMails();
        assertThat(mails).hasSize(4);
        assertThat(notices(mails)).hasSize(1);
        for (MimeMessage m : mails) {
            assertThat(Mails.header(m, "To")).isEqualTo("a@cap.example");
        }
    }

    private static byte[] request(String from, String messageId) {
        return RequestMail.from(from).to("android@responder.test").messageId(messageId).bytes();
    }

    private List<MimeMessage> outboxMails() throws Exception {
        return files(outbox()).stream().map(Mails::read).toList();
    }

    private static List<MimeMessage> notices(List<MimeMessage> mails) {
        return mails.stream().filter(m -> "Limit for today".equals(Mails.header(m, "Subject"))).toList();
    }
}
