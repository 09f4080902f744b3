package org.mailresponder.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailresponder.testing.RequestMail;
import org.mailresponder.testing.ResponderRouteTest;
import org.mailresponder.testing.TestDatabaseExtension;

/**
 * The admin CLI beside the running service, both on one MariaDB database: list changes take effect on the
 * service's next request, and preview shows the bytes the service then sends, without counting anything.
 */
class AdminCliServiceTest extends ResponderRouteTest {

    private static final String KEY = "test-hash-key-0123456789";
    @RegisterExtension
    private static final TestDatabaseExtension DB = TestDatabaseExtension.mariaDb();

    private final CliRun cli = CliRun.on(DB, KEY)
            .set("responder.rate-limit.daily-limit", "1");

    @Override
    protected void testProperties(Properties p) {
        useDatabase(p, DB);
        p.setProperty("responder.rate-limit.hash-key", KEY);
        p.setProperty("responder.rate-limit.daily-limit", "1");
    }


    private int answersAfter(String from) throws Exception {
        drop(UUID.randomUUID() + ".eml", RequestMail.from("Someone <" + from + ">")
                .to("get+fa@responder.test").withoutOriginalTo().subject("links").bytes());
        awaitDrained();
        return files(outbox()).size();
    }

    private static int count(String sql) throws Exception {
        try (Connection c = DB.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void listChangesAndClearDayTakeEffectOnTheRunningRateLimit() throws Exception {
        assertThat(cli.run("limits", "block", "a.b@gmail.com").exit()).isZero();
        assertThat(answersAfter("A.B+1@googlemail.com")).as("blocked sender").isZero();

        assertThat(cli.run("limits", "unblock", "AB@gmail.com").exit()).isZero();
        assertThat(answersAfter("a.b@gmail.com")).as("first answer of the day").isEqualTo(1);
        assertThat(answersAfter("a.b@gmail.com")).as("over the daily limit of 1").isEqualTo(1);
        assertThat(cli.run("limits", "show", "ab@gmail.com").out()).contains("1 of 1 answers used")
                .contains("rate-limited until the day is reset");

        assertThat(cli.run("limits", "clear-day").exit()).isZero();
        assertThat(answersAfter("a.b@gmail.com")).as("after clear-day").isEqualTo(2);

        assertThat(cli.run("limits", "allow", "gmail.com").exit()).isZero();
        assertThat(answersAfter("a.b@gmail.com")).as("allowed domain, limit reached").isEqualTo(3);
        assertThat(answersAfter("a.b@gmail.com")).isEqualTo(4);
        assertThat(count("SELECT answered FROM sender_day")).as("allowed answers are not counted").isEqualTo(1);

        assertThat(cli.run("limits", "block", "a.b@gmail.com").exit()).isZero();
        assertThat(answersAfter("ab@gmail.com")).as("an address entry wins over its domain's").isEqualTo(4);
    }

    @Test
    void previewShowsTheBytesTheServiceSendsAndCountsNothing() throws Exception {
        Path eml = work().resolve("request.eml");
        Files.write(eml, RequestMail.from("Someone <" + "reader@example.com" + ">")
                .to("get@responder.test").withoutOriginalTo().subject("download").bytes());

        CliRun.Result preview = cli.run("preview", "--eml", eml.toString(), "--out", work().resolve("preview").toString());

        assertThat(preview.exit()).isZero();
        assertThat(preview.out()).contains("would be answered with 2 mail(s)").contains("would be answer 1 of 1");
        assertThat(count("SELECT COUNT(*) FROM sender_day")).isZero();
        assertThat(count("SELECT COUNT(*) FROM request_seen")).isZero();
        assertThat(count("SELECT COUNT(*) FROM answer_log")).isZero();
        assertThat(files(outbox())).isEmpty();

        drop("request.eml", Files.readAllBytes(eml));
        awaitDrained();
        assertThat(files(outbox())).hasSize(2);
        for (int i = 0; i < 2; i++) {
            String sent = withoutDateAndId(Files.readString(files(outbox()).get(i), StandardCharsets.ISO_8859_1));
            String previewed = withoutDateAndId(Files.readString(work().resolve("preview/preview-" + (i + 1) + ".eml"),
                    StandardCharsets.ISO_8859_1));
            assertThat(previewed).isEqualTo(sent);
        }
        // the service counted the real request, so a second one would now be refused
        assertThat(cli.run("preview", "--to", "get@responder.test", "--from", "reader@example.com").out())
                .contains("would NOT be answered: rate-limited (1 of 1 answers already used");
    }

    /** The only header values that differ between two compositions of one answer. */
    private static String withoutDateAndId(String mail) {
        return mail.replaceAll("(?m)^(Date|Message-ID): .*\r\n", "");
    }
}
