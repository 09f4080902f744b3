package org.mailresponder.delivery;

import java.time.Duration;
import java.util.Properties;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.mailresponder.testing.RequestMail;
import org.mailresponder.testing.ResponderRouteTest;
import org.mailresponder.testing.SesEmulator;

/**
 * Answers per second from one instance through the SES emulator and through GreenMail SMTP. A benchmark, not a
 * test: it only runs with -Dbenchmarks=true and prints its numbers; it asserts only that every answer arrived.
 * Run: mvn -B test -Pbench -Dtest=TransportThroughputBenchmark [-Dbenchmark.transport=ses]
 */
@Tag("benchmark")
class TransportThroughputBenchmark extends ResponderRouteTest {

    private static final int REQUESTS = Integer.getInteger("benchmark.requests", 400);
    private static final String TRANSPORT = System.getProperty("benchmark.transport", "smtp");
    private static SesEmulator ses;
    private static GreenMail smtp;

    static {
        if (Boolean.getBoolean("benchmarks")) {
            try {
                if (TRANSPORT.equals("ses")) {
                    ses = SesEmulator.start();
                } else {
                    smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
                    smtp.start();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    protected void testProperties(Properties p) {
        p.setProperty("responder.rate-limit.daily-limit", "1000000");
        // hundreds of senders at one domain: the benchmark measures throughput, not the per-domain cap
        p.setProperty("responder.rate-limit.domain-daily-cap", "0");
        p.setProperty("responder.delivery.method", TRANSPORT);
        if (ses != null) {
            p.setProperty("responder.ses.endpoint", ses.endpoint());
            // the emulator has no send quota; measure the transport, not the pacing
            p.setProperty("responder.ses.max-send-rate", "100000");
            p.setProperty("responder.ses.access-key", "bench");
            p.setProperty("responder.ses.secret-key", "bench");
        }
        if (smtp != null) {
            p.setProperty("responder.smtp.port", String.valueOf(smtp.getSmtp().getPort()));
        }
    }

    @Test
    void answersPerSecond() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("benchmarks"), "benchmark: run with -Dbenchmarks=true");
        long start = System.nanoTime();
        for (int i = 0; i < REQUESTS; i++) {
            drop(i + ".req", RequestMail.from("u" + i + "@mail.example").to("get+fa@responder.test").bytes());
        }
        Awaitility.await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> delivered() >= REQUESTS);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("[benchmark] %s: %d text answers in %.2f s = %.0f answers/s%n", TRANSPORT, REQUESTS,
                seconds, REQUESTS / seconds);
        if (ses != null) {
            ses.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
    }

    private int delivered() throws Exception {
        return ses != null ? ses.emails().size() : smtp.getReceivedMessages().length;
    }
}
