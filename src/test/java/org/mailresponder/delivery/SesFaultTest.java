package org.mailresponder.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailresponder.testing.RequestMail;
import org.mailresponder.testing.ResponderRouteTest;
import org.mailresponder.testing.SesEmulator;

/**
 * SES faults. The emulator never throttles and never rejects an address, so a local HTTP stub
 * ({@link FaultInjectingSesProxy}) sits in front of it and answers those calls with SES error documents; every
 * call it lets through is delivered by the real emulator. GreenMail stands in for the SMTP relay of an entry
 * whose send_method is SMTP.
 */
class SesFaultTest extends ResponderRouteTest {

    private static final String CONFIG = """
            [
              {"email_addr": "get@responder.test", "body": "links", "attachments": null},
              {"email_addr": "get@responder.test", "body": "installers", "attachments": null},
              {"email_addr": "mixed@responder.test", "body": "by SES", "attachments": null, "send_method": "SES"},
              {"email_addr": "mixed@responder.test", "body": "by SMTP", "attachments": null, "send_method": "SMTP"}
            ]
            """;
    private static final int RETRIES = 4;

    private static SesEmulator ses;
    private static FaultInjectingSesProxy proxy;
    private static GreenMail smtp;

    @BeforeAll
    static void startPeers() throws Exception {
        ses = SesEmulator.start();
        proxy = new FaultInjectingSesProxy(ses.endpoint());
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
    }

    @AfterAll
    static void stopPeers() {
        if (smtp != null) {
            smtp.stop();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (ses != null) {
            ses.close();
        }
    }

    @BeforeEach
    void resetPeers() throws Exception {
        ses.clear();
        proxy.reset();
        smtp.purgeEmailFromAllMailboxes();
    }

    @Override
    protected void testProperties(Properties p) {
        useConfig(p, CONFIG);
        useSes(p, proxy.endpoint());
        // the emulator has no send quota: pacing is tested in SesPacingTest, not here
        p.setProperty("responder.ses.max-send-rate", "1000");
        p.setProperty("responder.ses.retry.attempts", String.valueOf(RETRIES));
        p.setProperty("responder.ses.retry.initial-delay", "20");
        p.setProperty("responder.ses.retry.max-delay", "200");
        p.setProperty("responder.smtp.host", "127.0.0.1");
        p.setProperty("responder.smtp.port", String.valueOf(smtp.getSmtp().getPort()));
    }

    @Test
    void throttlingThenRecoveryAnswersEveryEntryExactlyOnce() throws Exception {
        AtomicInteger throttled = new AtomicInteger();
        proxy.faults(form -> throttled.getAndIncrement() < 6 ? FaultInjectingSesProxy.Fault.throttling() : null);
        for (int i = 0; i < 5; i++) {
            drop(i + ".req", RequestMail.from("user" + i + "@mail.example").to("get@responder.test").bytes());
        }
        awaitDrained();
        List<JsonNode> mails = awaitMails(10);
        Thread.sleep(500);
        mails = ses.emails();

        assertThat(mails).hasSize(10);
        assertThat(mails.stream().map(m -> m.path("destination").path("to").get(0).asText() + "|"
                + m.path("body").path("text").asText().strip()).distinct()).hasSize(10);
        assertThat(proxy.calls().stream().filter(c -> c.fault() != null)).hasSize(6);
        assertThat(files(maildir().resolve("cur"))).hasSize(5);
        assertThat(files(maildir().resolve("failed"))).isEmpty();
    }

    @Test
    void addressBlacklistedIsNotRetriedButCountedAndAlertedOnce() throws Exception {
        proxy.faults(form -> "blocked@mail.example".equals(form.get("Destinations.member.1"))
                ? FaultInjectingSesProxy.Fault.blacklisted() : null);
        drop("b.req", RequestMail.from("blocked@mail.example").to("get@responder.test").bytes());
        awaitDrained();
        List<JsonNode> alerts = awaitMails(1);
        Thread.sleep(500);

        assertThat(proxy.callsTo("blocked@mail.example")).as("one attempt per entry, no retry").isEqualTo(2);
        DeliveryRejections rejections = context.getRegistry().lookupByNameAndType("deliveryRejections",
                DeliveryRejections.class);
        assertThat(rejections.count("address-blacklisted")).isEqualTo(2.0);
        assertThat(files(maildir().resolve("cur"))).hasSize(1);
        assertThat(files(maildir().resolve("failed"))).isEmpty();

        alerts = ses.emails();
        assertThat(alerts).as("one alert per rejected answer").hasSize(2);
        for (JsonNode alert : alerts) {
            assertThat(alert.path("destination").path("to").get(0).asText()).isEqualTo("admin@responder.test");
            assertThat(alert.path("subject").asText()).contains("delivery rejected (ses): address-blacklisted");
            assertThat(alert.toString()).as("the alert never names the sender").doesNotContain("blocked@");
        }
    }

    @Test
    void messageTooLongIsFinalToo() throws Exception {
        proxy.faults(form -> "big@mail.example".equals(form.get("Destinations.member.1"))
                ? FaultInjectingSesProxy.Fault.tooLong() : null);
        drop("l.req", RequestMail.from("big@mail.example").to("mixed@responder.test").bytes());
        awaitDrained();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> smtp.getReceivedMessages().length == 1);
        Thread.sleep(300);
        assertThat(proxy.callsTo("big@mail.example")).isEqualTo(1);
        DeliveryRejections rejections = context.getRegistry().lookupByNameAndType("deliveryRejections",
                DeliveryRejections.class);
        assertThat(rejections.count("message-too-long")).isEqualTo(1.0);
        assertThat(files(maildir().resolve("cur"))).hasSize(1);
    }

    @Test
    void sesStillFailingAfterTheBudgetSendsTheRequestToFailedWhileTheSmtpEntryGoesOut() throws Exception {
        proxy.faults(form -> "down@mail.example".equals(form.get("Destinations.member.1"))
                ? FaultInjectingSesProxy.Fault.unavailable() : null);
        drop("d.req", RequestMail.from("down@mail.example").to("mixed@responder.test").bytes());
        awaitDrained();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> smtp.getReceivedMessages().length == 1);
        Thread.sleep(500);

        assertThat(proxy.callsTo("down@mail.example")).as("first try plus the retry budget").isEqualTo(1 + RETRIES);
        assertThat(files(maildir().resolve("failed"))).extracting(f -> f.getFileName().toString())
                .containsExactlyInAnyOrder("d.req", "d.req.reason");
        assertThat(Files.readString(maildir().resolve("failed/d.req.reason"))).contains("SesException", "Status Code: 503");
        assertThat(files(maildir().resolve("new"))).isEmpty();
        assertThat(com.icegreen.greenmail.util.GreenMailUtil.getWholeMessage(smtp.getReceivedMessages()[0]))
                .contains("by SMTP");
        assertThat(ses.emails()).isEmpty();
    }


    private static List<JsonNode> awaitMails(int n) {
        return Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(ses::emails, list -> list.size() >= n);
    }
}
