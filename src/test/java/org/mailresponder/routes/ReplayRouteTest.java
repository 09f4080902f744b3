package org.mailresponder.routes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailresponder.testing.HourStartClock;
import org.mailresponder.testing.Mails;
import org.mailresponder.testing.RequestMail;
import org.mailresponder.testing.ResponderMetrics;
import org.mailresponder.testing.ResponderRouteTest;
import org.mailresponder.testing.TestDatabaseExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays through the real routes on MariaDB: a request's decision is recorded once; the same files dropped again
 * get that decision (outcome {@code replay}), are not counted and not answered, and the metrics count answers only
 * once; an outage retry still sends the mails that were not handed off.
 */
class ReplayRouteTest extends ResponderRouteTest {

    @RegisterExtension
    static final TestDatabaseExtension DB = TestDatabaseExtension.mariaDb();

    @Override
    protected void testProperties(Properties p) {
        useDatabase(p, DB);
        // the hourly bounds counted here restart on the hour: the limits' clock starts at the beginning of one
        p.setProperty(HourStartClock.PROPERTY, HourStartClock.VALUE);
        p.setProperty("responder.rate-limit.blocked-domains", "blocked.example");
        p.setProperty("responder.workers", "8");
        p.setProperty("responder.db.pool-size", "12");
        try {
            // the sample config plus an address whose second mail needs an attachment that can go missing
            Path buckets = Files.createDirectories(work().resolve("buckets/installers"));
            for (Path f : List.of(PROJECT.resolve("config/buckets/installers/Psiphon3.exe"),
                    PROJECT.resolve("config/buckets/installers/PsiphonAndroid.apk"))) {
                Files.copy(f, buckets.resolve(f.getFileName()));
            }
            // present when the config is loaded (a config naming a missing attachment is refused), removed by the
            // outage test before its request
            Files.writeString(buckets.resolve("Late.exe"), "MZ late installer");
            String config = Files.readString(PROJECT.resolve("config/responder.json")).trim();
            config = config.substring(0, config.length() - 1)
                    + ", {\"email_addr\": \"late@responder.test\", \"body\": \"links\", \"attachments\": null}"
                    + ", {\"email_addr\": \"late@responder.test\", \"body\": \"installer\", "
                    + "\"attachments\": [[\"installers\", \"Late.exe\", \"Late.exe\"]]}]";
            Path file = work().resolve("responder.json");
            Files.writeString(file, config);
            p.setProperty("responder.config", file.toString());
            p.setProperty("responder.buckets-dir", work().resolve("buckets").toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private double requests(String outcome) {
        return ResponderMetrics.requests(context, outcome);
    }

    private double answers() {
        return ResponderMetrics.answers(context);
    }

    private void awaitEmptyNew(Duration atMost) {
        Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(100))
                .until(() -> files(maildir().resolve("new")).isEmpty());
    }

    @Test
    void theSameThousandRequestsSentTwiceGetExactlyTheDailyLimitOfAnswers() throws Exception {
        Map<String, byte[]> requests = new TreeMap<>();
        for (int i = 0; i < 1000; i++) {
            requests.put("many-" + i, RequestMail.from("many@mail.example").to("android@responder.test")
                    .messageId("<many-" + i + "@mail.example>").bytes());
        }
        for (var r : requests.entrySet()) {
            drop(r.getKey(), r.getValue());
        }
        awaitEmptyNew(Duration.ofMinutes(3));
        assertThat(files(outbox())).hasSize(3);
        assertThat(requests("answered")).isEqualTo(3);
        assertThat(requests("rate-limited")).isEqualTo(997);

        // the same 1,000 files again, as an attacker replays them
        for (var r : requests.entrySet()) {
            drop(r.getKey() + "-again", r.getValue());
        }
        awaitEmptyNew(Duration.ofMinutes(3));
        assertThat(files(outbox())).as("answers after the replay").hasSize(3);
        assertThat(requests("replay")).isEqualTo(1000);
        assertThat(requests("answered")).as("replays are not answers").isEqualTo(3);
        assertThat(requests("rate-limited")).isEqualTo(997);
        assertThat(answers()).as("responder_answers_total: mails handed off").isEqualTo(3);
        assertThat(files(maildir().resolve("cur"))).hasSize(2000);
    }

    @Test
    void aBlockedSenderStaysBlockedOnReplay() throws Exception {
        for (int i = 0; i < 20; i++) {
            drop("blocked-" + i, RequestMail.from("u" + i + "@blocked.example").to("get@responder.test")
                    .messageId("<blocked-" + i + "@x>").bytes());
        }
        awaitEmptyNew(Duration.ofSeconds(60));
        for (int i = 0; i < 20; i++) {
            drop("blocked-" + i + "-again", RequestMail.from("u" + i + "@blocked.example").to("get@responder.test")
                    .messageId("<blocked-" + i + "@x>").bytes());
        }
        awaitEmptyNew(Duration.ofSeconds(60));
        assertThat(files(outbox())).isEmpty();
        assertThat(requests("blocked")).isEqualTo(20);
        assertThat(requests("replay")).isEqualTo(20);
    }

    @Test
    void anOutageRetryStillSendsTheMailsThatWereNotHandedOff() throws Exception {
        Files.delete(work().resolve("buckets/installers/Late.exe"));
        drop("late", RequestMail.from("patient@mail.example").to("late@responder.test")
                .messageId("<late@mail.example>").bytes());
        // the first mail goes out; the second cannot be composed (its attachment is missing: an outage)
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> requests("deferred") >= 1);
        assertThat(files(outbox())).hasSize(1);
        assertThat(maildir().resolve("new/late")).as("still queued").exists();

        Files.writeString(work().resolve("buckets/installers/Late.exe"), "MZ late installer");
        awaitEmptyNew(Duration.ofSeconds(30));
        List<Path> sent = files(outbox());
        assertThat(sent).hasSize(2);
        assertThat(sent).extracting(f -> f.getFileName().toString().replaceAll("^[0-9a-f]{24}-(\\d)-.*", "$1"))
                .containsExactlyInAnyOrder("0", "1");
        for (Path f : sent) {
            assertThat(Mails.header(Mails.read(f), "In-Reply-To")).isEqualTo("<late@mail.example>");
        }
        assertThat(requests("answered")).as("answered once, when the last mail went out").isEqualTo(1);
        assertThat(answers()).isEqualTo(2);

        // and once complete, the same request again is a replay that sends nothing
        drop("late-again", RequestMail.from("patient@mail.example").to("late@responder.test")
                .messageId("<late@mail.example>").bytes());
        awaitEmptyNew(Duration.ofSeconds(30));
        assertThat(files(outbox())).hasSize(2);
        assertThat(requests("replay")).isEqualTo(1);
    }
}
