package org.mailresponder.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Properties;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.apache.camel.builder.ExchangeBuilder;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailresponder.testing.RequestMail;
import org.mailresponder.testing.ResponderRouteTest;
import org.mailresponder.testing.TestDatabaseExtension;

/**
 * A known set of requests through the real routes on a real MariaDB: the statistics in the database and the stats
 * mail (plain, HTML, chart) show exactly those counts.
 */
class StatsMailTest extends ResponderRouteTest {

    @RegisterExtension
    static final TestDatabaseExtension DB = TestDatabaseExtension.mariaDb();

    @Override
    protected void testProperties(Properties p) {
        useDatabase(p, DB);
        p.setProperty("responder.stats.flush-period", "200");
        p.setProperty("responder.stats.recipient", "ops@responder.test");
    }

    @Test
    void statsMailMatchesTheRequestsMade() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        // 2 answered at get@, 1 at android@; one sender rate-limited twice after 3 answers at get+fa@;
        // 1 auto-reply, 1 mailing list, 1 unknown address; 1 malformed (failed)
        drop("a1", RequestMail.from("a1@users.test").to("get@responder.test").bytes());
        drop("a2", RequestMail.from("a2@users.test").to("get@responder.test").bytes());
        drop("a3", RequestMail.from("a3@users.test").to("android@responder.test").bytes());
        for (int i = 0; i < 5; i++) {
            drop("l" + i, RequestMail.from("limited@users.test").to("get+fa@responder.test").bytes());
        }
        drop("r1", RequestMail.from("r1@users.test").to("get@responder.test").header("Auto-Submitted", "auto-replied")
                .bytes());
        drop("r2", RequestMail.from("r2@users.test").to("get@responder.test").header("List-Id", "<x.lists.test>")
                .bytes());
        drop("r3", RequestMail.from("r3@users.test").to("nobody@responder.test").bytes());
        drop("f1", "Subject: no sender at all\r\n\r\nhello\r\n".getBytes());
        awaitDrained();

        StatsRepository repo = context.getRegistry().lookupByNameAndType("statsRepository", StatsRepository.class);
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(repo.report(today).totals().total()).isEqualTo(12));
        DailyStats s = repo.report(today);
        assertThat(s.answersByAddress()).containsEntry("get@responder.test", 2L)
                .containsEntry("android@responder.test", 1L).containsEntry("get+fa@responder.test", 3L).hasSize(3);
        assertThat(s.rateLimited()).isEqualTo(2);
        assertThat(s.rateLimitedSenders()).isEqualTo(1);
        assertThat(s.rejectionsByReason()).containsEntry("auto-submitted", 1L).containsEntry("mailing-list", 1L)
                .containsEntry("unknown-address", 1L).hasSize(3);
        assertThat(s.failed()).isEqualTo(1);
        assertThat(s.p50Ms()).isPositive();
        assertThat(s.p99Ms()).isGreaterThanOrEqualTo(s.p95Ms()).isGreaterThanOrEqualTo(s.p50Ms());
        assertThat(s.history()).hasSize(14);
        assertThat(s.history().get(13).answered()).isEqualTo(6);

        // the route the daily job runs, for today instead of yesterday
        template.send("direct:send-stats-mail", ExchangeBuilder.anExchange(context)
                .withProperty("statsDay", today).build());
        Path mailFile = Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> files(outbox()).stream()
                .filter(f -> f.getFileName().toString().contains("-forward-")).findFirst().orElse(null),
                f -> f != null);
        MimeMessage mail = new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(Files.readAllBytes(mailFile)));
        assertThat(mail.getHeader("To", ",")).isEqualTo("ops@responder.test");
        assertThat(mail.getSubject()).isEqualTo("mail-responder stats " + today
                + ": 6 answered, 3 not answered, 2 rate-limited, 1 failed");
        MimeMultipart alternative = (MimeMultipart) mail.getContent();
        assertThat(alternative.getContentType()).startsWith("multipart/alternative");
        String plain = (String) alternative.getBodyPart(0).getContent();
        assertThat(plain).containsPattern("answered\\s+6 ").containsPattern("rate-limited senders\\s+1\\b")
                .containsPattern("get\\+fa@responder.test\\s+3").containsPattern("mailing-list\\s+1")
                .contains("p50 ").doesNotContain("limited@users.test");
        MimeMultipart related = (MimeMultipart) alternative.getBodyPart(1).getContent();
        assertThat(related.getContentType()).startsWith("multipart/related");
        assertThat((String) related.getBodyPart(0).getContent()).contains("cid:" + StatsMail.CHART_CID)
                .contains("<td>get+fa@responder.test</td><td align=\"right\">3</td>");
        assertThat(related.getBodyPart(1).getContentType()).startsWith("image/png");
        byte[] png = related.getBodyPart(1).getInputStream().readAllBytes();
        assertThat(javax.imageio.ImageIO.read(new ByteArrayInputStream(png)).getWidth()).isEqualTo(720);

        // once per day: a second run of the job for the same day sends nothing more
        template.send("direct:send-stats-mail", ExchangeBuilder.anExchange(context)
                .withProperty("statsDay", today).build());
        assertThat(files(outbox()).stream().filter(f -> f.getFileName().toString().contains("-forward-")))
                .hasSize(1);
        try (Statement st = DB.connect().createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM stats_requests")) {
            rs.next();
            assertThat(rs.getLong(1)).isLessThan(12); // aggregated rows, not one per request
        }

        // the same report from the admin command, against the same database
        System.setProperty("responder.db.url", DB.url());
        System.setProperty("responder.db.user", DB.user());
        java.io.PrintStream stdout = System.out;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new java.io.PrintStream(captured, true, "UTF-8"));
            code = new picocli.CommandLine(new org.mailresponder.admin.ResponderCommand(new org.mailresponder.app.ResponderHost(java.nio.file.Path.of(""))))
                    .execute("stats", "--day", today.toString());
        } finally {
            System.setOut(stdout);
            System.clearProperty("responder.db.url");
            System.clearProperty("responder.db.user");
        }
        assertThat(code).isZero();
        // the same report; not byte-equal to the mail, as retries under load may add deferrals in between
        assertThat(captured.toString("UTF-8")).startsWith("mail-responder statistics for " + today)
                .containsPattern("answered\\s+6 ").containsPattern("rate-limited senders\\s+1\\b")
                .containsPattern("get\\+fa@responder.test\\s+3").containsPattern("mailing-list\\s+1")
                .containsPattern("failed\\s+1 ");
        assertThat(new picocli.CommandLine(new org.mailresponder.admin.ResponderCommand(new org.mailresponder.app.ResponderHost(java.nio.file.Path.of(""))))
                .execute("stats", "--day", "yesterday")).isEqualTo(2);
    }
}
