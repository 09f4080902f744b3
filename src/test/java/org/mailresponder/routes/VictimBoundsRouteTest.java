package org.mailresponder.routes;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.internet.InternetAddress;
import org.apache.camel.builder.ExchangeBuilder;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailresponder.ratelimit.RecipientBounds;
import org.mailresponder.testing.HourStartClock;
import org.mailresponder.testing.LogCapture;
import org.mailresponder.testing.Mails;
import org.mailresponder.testing.RequestMail;
import org.mailresponder.testing.ResponderMetrics;
import org.mailresponder.testing.ResponderRouteTest;
import org.mailresponder.testing.TestDatabaseExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Forged senders through the real routes on MariaDB: whatever the sender addresses, one victim domain receives at
 * most its daily cap of answer mails, the cluster's hourly cap refuses beyond it and says so (metric and log line),
 * and forwards to the admins beyond their hourly cap are counted and reported in the stats mail instead of sent.
 */
class VictimBoundsRouteTest extends ResponderRouteTest {

    @RegisterExtension
    static final TestDatabaseExtension DB = TestDatabaseExtension.mariaDb();
    static final int DOMAIN_CAP = 100;
    static final int GLOBAL_CAP = 180;
    static final int FORWARD_CAP = 5;

    @Override
    protected void testProperties(Properties p) {
        useDatabase(p, DB);
        // the hourly bounds counted here restart on the hour: the limits' clock starts at the beginning of one
        p.setProperty(HourStartClock.PROPERTY, HourStartClock.VALUE);
        p.setProperty("responder.workers", "8");
        p.setProperty("responder.db.pool-size", "12");
        p.setProperty("responder.rate-limit.domain-daily-cap", String.valueOf(DOMAIN_CAP));
        p.setProperty("responder.rate-limit.global-hourly-cap", String.valueOf(GLOBAL_CAP));
        p.setProperty("responder.forward.hourly-cap", String.valueOf(FORWARD_CAP));
        p.setProperty("responder.stats.flush-period", "200");
        p.setProperty("responder.stats.recipient", "ops@responder.test");
    }

    private MeterRegistry meters() {
        return ResponderMetrics.of(context);
    }

    private double requests(String outcome) {
        return ResponderMetrics.requests(context, outcome);
    }

    private void awaitEmptyNew() {
        Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100))
                .until(() -> files(maildir().resolve("new")).isEmpty());
    }

    @Test
    void forgedSendersCannotTurnTheServiceIntoAMailBomb() throws Exception {
        String log;
        try (LogCapture limits = LogCapture.of("mail-responder.limits")) {
            // 1,000 forged senders at one victim domain (and its subdomains), each asking for get@ (two mails)
            for (int i = 0; i < 1000; i++) {
                String domain = i % 3 == 0 ? "victim.example" : "mx" + (i % 7) + ".victim.example";
                drop("forged-" + i, RequestMail.from("x" + Integer.toHexString(i * 2654435) + "@" + domain)
                        .to("get@responder.test").messageId("<forged-" + i + "@attacker.example>").bytes());
            }
            awaitEmptyNew();
            Map<String, Integer> mailsByDomain = mailsByRecipientDomain();
            int toVictim = mailsByDomain.getOrDefault("victim.example", 0);
            System.out.printf("[forged senders] 1000 requests (2,000 mails asked for) from forged senders at "
                    + "victim.example: %d answer mails went there (domain cap %d)%n", toVictim, DOMAIN_CAP);
            assertThat(toVictim).isEqualTo(DOMAIN_CAP);
            assertThat(requests("domain-capped")).isEqualTo(1000 - DOMAIN_CAP / 2);

            // then many other domains: the cluster's hourly cap stops them and raises the alarm
            for (int i = 0; i < 150; i++) {
                drop("other-" + i, RequestMail.from("someone@other" + i + ".example").to("android@responder.test")
                        .messageId("<other-" + i + "@x>").bytes());
            }
            awaitEmptyNew();
            log = limits.text();
        }
        int total = files(outbox()).size();
        System.out.printf("[global cap] %d answer mails in the hour with a global cap of %d; %d requests refused%n",
                total, GLOBAL_CAP, (int) requests("global-capped"));
        assertThat(total).isEqualTo(GLOBAL_CAP);
        assertThat(requests("global-capped")).isEqualTo(150 - (GLOBAL_CAP - DOMAIN_CAP));
        assertThat(meters().find("responder.limit.global.refusals").counter().count())
                .isEqualTo(requests("global-capped"));
        Gauge reached = meters().find("responder.limit.global.reached").gauge();
        assertThat(reached.value()).isEqualTo(1);
        assertThat(log).contains("ERROR mail-responder.limits - global hourly cap of " + GLOBAL_CAP
                + " answer mails reached");
        assertThat(log.lines().filter(l -> l.startsWith("ERROR"))).as("once per hour, not per request").hasSize(1);
        assertThat(log).contains("WARN mail-responder.limits - daily cap of " + DOMAIN_CAP
                + " answer mails to victim.example reached");
    }

    private Map<String, Integer> mailsByRecipientDomain() throws Exception {
        Map<String, Integer> byDomain = new HashMap<>();
        for (Path f : files(outbox())) {
            String to = ((InternetAddress) Mails.read(f).getAllRecipients()[0]).getAddress();
            byDomain.merge(RecipientBounds.recipientDomain(to), 1, Integer::sum);
        }
        return byDomain;
    }

    @Test
    void forwardsBeyondTheHourlyCapAreCountedAndReportedNotSent() throws Exception {
        for (int i = 0; i < 40; i++) {
            drop("bounce-" + i, ("Return-Path: <>\r\nFrom: MAILER-DAEMON@mx" + i + ".example\r\n"
                    + "To: complaints@responder.test\r\nSubject: Undelivered Mail Returned to Sender\r\n"
                    + "Message-ID: <bounce-" + i + "@mx.example>\r\n\r\nThis is the mail system.\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        }
        awaitEmptyNew();
        assertThat(files(outbox())).as("forwards sent").hasSize(FORWARD_CAP);
        assertThat(requests("forward-capped")).isEqualTo(40 - FORWARD_CAP);

        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        org.mailresponder.report.StatsRepository repo = context.getRegistry()
                .lookupByNameAndType("statsRepository", org.mailresponder.report.StatsRepository.class);
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(repo.report(today).forwardsCapped()).isEqualTo(40 - FORWARD_CAP));
        template.send("direct:send-stats-mail", ExchangeBuilder.anExchange(context).withProperty("statsDay", today).build());
        Path statsMail = Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> files(outbox()).stream()
                .filter(f -> "ops@responder.test".equals(Mails.header(Mails.read(f), "To"))).findFirst().orElse(null),
                f -> f != null);
        String plain = (String) ((jakarta.mail.Multipart) Mails.read(statsMail).getContent()).getBodyPart(0).getContent();
        assertThat(plain).contains("Forwards to the admins (complaints, bounces): " + FORWARD_CAP + " sent, "
                + (40 - FORWARD_CAP) + " not sent (hourly cap reached)");
    }
}
