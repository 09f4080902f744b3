package org.mailresponder.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailresponder.testing.RequestMail;
import org.mailresponder.testing.ResponderRouteTest;
import org.mailresponder.testing.SesEmulator;

/**
 * When SES never answers GetSendQuota (the emulator's own behaviour, passed through unchanged by the proxy), the
 * call times out and sends are paced at the fallback rate; answers still go out, each once.
 */
class SesPacingFallbackTest extends ResponderRouteTest {

    private static final int FALLBACK_RATE = 4;
    private static final int REQUESTS = 10;

    private static SesEmulator ses;
    private static FaultInjectingSesProxy proxy;

    @BeforeAll
    static void startPeers() throws Exception {
        ses = SesEmulator.start();
        proxy = new FaultInjectingSesProxy(ses.endpoint());
    }

    @AfterAll
    static void stopPeers() {
        if (proxy != null) {
            proxy.close();
        }
        if (ses != null) {
            ses.close();
        }
    }

    @Override
    protected void testProperties(Properties p) {
        useConfig(p, "[{\"email_addr\": \"get@responder.test\", \"body\": \"links\", \"attachments\": null}]");
        useSes(p, proxy.endpoint());
        p.setProperty("responder.ses.fallback-send-rate", String.valueOf(FALLBACK_RATE));
        p.setProperty("responder.ses.quota-timeout", "500");
        p.setProperty("responder.workers", "8");
    }

    @Test
    void anUnansweredGetSendQuotaTimesOutAndTheFallbackRatePacesTheSends() throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> proxy.quotaCalls() >= 1);
        SesSendRate rate = context.getRegistry().lookupByNameAndType("sesSendRate", SesSendRate.class);
        assertThat(rate.source()).isEqualTo("responder.ses.fallback-send-rate");
        assertThat(rate.permitsPerSecond()).isCloseTo(FALLBACK_RATE * SesSendRate.HEADROOM, within(1e-9));

        for (int i = 0; i < REQUESTS; i++) {
            drop("f" + i + ".req", RequestMail.from("reader" + i + "@mail.example").to("get@responder.test").bytes());
        }
        awaitDrained();
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(ses::emails, list -> list.size() >= REQUESTS);

        List<FaultInjectingSesProxy.Call> calls = proxy.calls();
        assertThat(calls).hasSize(REQUESTS);
        assertThat(SesPacingTest.mostInOneSecond(calls))
                .as("sends counted per second; arrivals (ms): %s", SesPacingTest.arrivals(calls))
                .isLessThanOrEqualTo(FALLBACK_RATE);
        assertThat((calls.get(calls.size() - 1).nanos() - calls.get(0).nanos()) / 1e9)
                .as("10 sends at no more than 4/s take over 2 s (one interval is left for the first call, which also "
                        + "sets up the HTTP client and may arrive late)")
                .isGreaterThanOrEqualTo((REQUESTS - 2) / (double) FALLBACK_RATE);
        assertThat(ses.emails()).hasSize(REQUESTS);
        assertThat(files(maildir().resolve("failed"))).isEmpty();
    }
}
