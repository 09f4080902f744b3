package org.mailresponder.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailresponder.testing.ResponderRouteTest;
import org.mailresponder.testing.SesEmulator;

/** Answers go out through camel-aws2-ses to the real SES emulator, which parses what it receives. */
class SesDeliveryTest extends ResponderRouteTest {

    private static SesEmulator ses;

    @BeforeAll
    static void startSes() throws Exception {
        ses = SesEmulator.start();
    }

    @AfterAll
    static void stopSes() {
        if (ses != null) {
            ses.close();
        }
    }

    @BeforeEach
    void clearSes() throws Exception {
        ses.clear();
    }

    @Override
    protected void testProperties(Properties p) {
        useSes(p, ses.endpoint());
        // the emulator has no send quota: pacing is tested in SesPacingTest, not here
        p.setProperty("responder.ses.max-send-rate", "1000");
        p.setProperty("responder.stats.recipient", "ops@responder.test");
        p.setProperty("responder.stats.ses-timeout", "800");
    }

    @Test
    void theStatsMailGoesOutThroughSesEvenWhenSesStatisticsNeverAnswer() throws Exception {
        // the emulator accepts GetSendQuota but never answers it: the SES section is left out after the timeout
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        org.apache.camel.Exchange sent = template.send("direct:send-stats-mail",
                org.apache.camel.builder.ExchangeBuilder.anExchange(context).withProperty("statsDay", today).build());
        assertThat(sent.getException()).isNull();
        List<JsonNode> mails = awaitMails(1);
        assertThat(mails.get(0).path("destination").path("to").get(0).asText()).isEqualTo("ops@responder.test");
        assertThat(mails.get(0).path("subject").asText()).startsWith("mail-responder stats " + today);
        assertThat(mails.get(0).path("body").path("text").asText()).contains("Processing time").doesNotContain("SES: sent");
    }

    @Test
    void bothAnswersReachSesWithRecipientSubjectBodiesAndAttachmentBytes() throws Exception {
        drop("1.req", Files.readAllBytes(PROJECT.resolve("config/samples/01-plain-request.eml")));
        awaitDrained();
        List<JsonNode> mails = awaitMails(2);

        JsonNode links = mails.get(0);
        assertThat(links.path("destination").path("to").get(0).asText()).isEqualTo("alice@mail.example");
        assertThat(links.path("from").asText()).isEqualTo("get@responder.test");
        assertThat(links.path("subject").asText()).isEqualTo("Re: please send");
        assertThat(links.path("body").path("text").asText())
                .contains("English - https://example.com/en.html", "فارسی - https://example.com/fa.html");
        assertThat(links.path("body").path("html").asText()).contains("<a href=\"https://example.com/ru.html\">");
        assertThat(links.path("attachments")).isEmpty();

        JsonNode installers = mails.get(1);
        assertThat(installers.path("destination").path("to").get(0).asText()).isEqualTo("alice@mail.example");
        assertThat(installers.path("body").path("text").asText()).contains("The installers are attached.");
        JsonNode attachments = installers.path("attachments");
        assertThat(attachments).hasSize(2);
        assertThat(attachments.get(0).path("filename").asText()).isEqualTo("Psiphon3.exe");
        assertThat(Base64.getDecoder().decode(attachments.get(0).path("content").asText()))
                .isEqualTo(Files.readAllBytes(PROJECT.resolve("config/buckets/installers/Psiphon3.exe")));
        assertThat(attachments.get(1).path("filename").asText()).isEqualTo("PsiphonAndroid.apk");
        assertThat(Base64.getDecoder().decode(attachments.get(1).path("content").asText()))
                .isEqualTo(Files.readAllBytes(PROJECT.resolve("config/buckets/installers/PsiphonAndroid.apk")));

        assertThat(files(outbox())).as("nothing goes to the outbox when SES delivers").isEmpty();
        assertThat(files(maildir().resolve("cur"))).hasSize(1);
    }

    @Test
    void aComplaintIsForwardedToTheAdminsThroughSes() throws Exception {
        drop("2.req", Files.readAllBytes(PROJECT.resolve("src/test/resources/corpus/27-complaint-x-original-to.eml")));
        awaitDrained();
        JsonNode forward = awaitMails(1).get(0);
        assertThat(forward.path("destination").path("to").get(0).asText()).isEqualTo("admin@responder.test");
        assertThat(forward.path("subject").asText()).startsWith("[mail-responder] complaint");
    }

    private static List<JsonNode> awaitMails(int n) {
        return Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(ses::emails, list -> list.size() >= n);
    }
}
