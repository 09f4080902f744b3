package org.mailresponder.delivery;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mailresponder.report.SesSendStatistics;
import org.mailresponder.testing.SesEmulator;
import software.amazon.awssdk.services.ses.SesClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stats mail's SES numbers. The emulator accepts GetSendQuota but never answers it, which is exactly the
 * outage the mail must survive; the numbers themselves come from a small HTTP stub answering the two SES
 * documents, because no local SES implements them.
 */
class SesAccountStatisticsTest {

    @Test
    @Timeout(30)
    void anSesThatNeverAnswersGivesNoNumbersInsteadOfHoldingTheMail() throws Exception {
        try (SesEmulator emulator = SesEmulator.start();
             SesClient client = SesClients.build("us-east-1", emulator.endpoint(), "k", "s", Duration.ofSeconds(30), 2)) {
            Optional<SesSendStatistics.Quota> quota = new SesAccountStatistics(client).fetch(Duration.ofMillis(800));
            assertThat(quota).isEmpty();
        }
    }

    @Test
    void quotaAndRatesComeFromSendQuotaAndSendStatistics() throws Exception {
        HttpServer stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stub.createContext("/", ex -> {
            String form = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String xml = form.contains("Action=GetSendQuota")
                    ? "<GetSendQuotaResponse xmlns=\"http://ses.amazonaws.com/doc/2010-12-01/\"><GetSendQuotaResult>"
                    + "<SentLast24Hours>1200.0</SentLast24Hours><Max24HourSend>50000.0</Max24HourSend>"
                    + "<MaxSendRate>14.0</MaxSendRate></GetSendQuotaResult>"
                    + "<ResponseMetadata><RequestId>q</RequestId></ResponseMetadata></GetSendQuotaResponse>"
                    : "<GetSendStatisticsResponse xmlns=\"http://ses.amazonaws.com/doc/2010-12-01/\"><GetSendStatisticsResult>"
                    + "<SendDataPoints>" + point(600, 6, 1) + point(400, 4, 0) + "</SendDataPoints>"
                    + "</GetSendStatisticsResult><ResponseMetadata><RequestId>s</RequestId></ResponseMetadata>"
                    + "</GetSendStatisticsResponse>";
            byte[] body = xml.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/xml");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        stub.start();
        try (SesClient client = SesClients.build("us-east-1", "http://127.0.0.1:" + stub.getAddress().getPort(),
                "k", "s", Duration.ofSeconds(10), 2)) {
            SesSendStatistics.Quota q = new SesAccountStatistics(client).fetch(Duration.ofSeconds(5)).orElseThrow();
            assertThat(q.max24HourSend()).isEqualTo(50000.0);
            assertThat(q.sentLast24Hours()).isEqualTo(1200.0);
            assertThat(q.maxSendRate()).isEqualTo(14.0);
            assertThat(q.bounceRate()).isEqualTo(0.01);
            assertThat(q.complaintRate()).isEqualTo(0.001);
        } finally {
            stub.stop(0);
        }
    }

    private static String point(int attempts, int bounces, int complaints) {
        return "<member><DeliveryAttempts>" + attempts + "</DeliveryAttempts><Timestamp>2026-11-21T10:00:00Z</Timestamp>"
                + "<Rejects>0</Rejects><Bounces>" + bounces + "</Bounces><Complaints>" + complaints + "</Complaints></member>";
    }
}
