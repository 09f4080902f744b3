package org.mailresponder.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailresponder.testing.RequestMail;
import org.mailresponder.testing.ResponderRouteTest;
import org.mailresponder.testing.SesEmulator;

/**
 * SES pacing through the real routes and the real SES emulator. The emulator never answers GetSendQuota and never
 * throttles, so {@link FaultInjectingSesProxy} in front of it answers GetSendQuota with a low MaxSendRate and
 * throttles like SES: a token bucket holding one second's worth of sends at this replica's share of the rate
 * answers "Throttling" to any SendRawEmail it has no token for. A burst of requests must go out with no throttling
 * error, never more sends in one second than the share, and every answer exactly once.
 */
class SesPacingTest extends ResponderRouteTest {

    /** The account rate the proxy announces; this replica's share is a half: it must never send more than 3 a second. */
    private static final double ACCOUNT_RATE = 6;
    private static final double SHARE = 0.5;
    private static final int PACED_RATE = 3;
    private static final int REQUESTS = 16;

    private static SesEmulator ses;
    private static FaultInjectingSesProxy proxy;

    @BeforeAll
    static void startPeers() throws Exception {
        ses = SesEmulator.start();
        proxy = new FaultInjectingSesProxy(ses.endpoint());
        proxy.quota(ACCOUNT_RATE);
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

    @BeforeEach
    void resetPeers() throws Exception {
        ses.clear();
    }

    @Override
    protected void testProperties(Properties p) {
        useConfig(p, "[{\"email_addr\": \"get@responder.test\", \"body\": \"links\", \"attachments\": null}]");
        useSes(p, proxy.endpoint());
        p.setProperty("responder.ses.send-rate-share", String.valueOf(SHARE));
        // the rate until SES answers: high, so that a pacing that never read the quota would show in the counts
        p.setProperty("responder.ses.fallback-send-rate", "1000");
        // the first call also sets up the SDK's HTTP client: on a busy machine that alone can take a second or two
        p.setProperty("responder.ses.quota-timeout", "10000");
        p.setProperty("responder.ses.retry.initial-delay", "50");
        p.setProperty("responder.workers", "8");
    }

    @Test
    void aBurstGoesOutAtTheAccountsRateShareWithoutAThrottlingErrorAndEachAnswerOnce() throws Exception {
        SesSendRate rate = context.getRegistry().lookupByNameAndType("sesSendRate", SesSendRate.class);
        // read at start: the ses-send-quota timer fires once the routes are up
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "GetSendQuota".equals(rate.source()));
        assertThat(rate.permitsPerSecond()).isCloseTo(ACCOUNT_RATE * SHARE * SesSendRate.HEADROOM, within(1e-9));
        assertThat(rate.source()).isEqualTo("GetSendQuota");
        assertThat(proxy.quotaCalls()).isGreaterThanOrEqualTo(1);
        SesLikeLimit limit = new SesLikeLimit(PACED_RATE);
        proxy.faults(form -> limit.admit(System.nanoTime()) ? null : FaultInjectingSesProxy.Fault.throttling());

        for (int i = 0; i < REQUESTS; i++) {
            drop("p" + i + ".req", RequestMail.from("reader" + i + "@mail.example").to("get@responder.test").bytes());
        }
        awaitDrained();
        List<JsonNode> mails = Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(ses::emails, list -> list.size() >= REQUESTS);

        List<FaultInjectingSesProxy.Call> calls = proxy.calls();
        assertThat(calls.stream().filter(c -> c.fault() != null)).as("throttled sends").isEmpty();
        assertThat(calls).hasSize(REQUESTS);
        assertThat(mostInOneSecond(calls)).as("sends counted per second; arrivals (ms): %s", arrivals(calls))
                .isLessThanOrEqualTo(PACED_RATE);
        long spanNanos = calls.get(calls.size() - 1).nanos() - calls.get(0).nanos();
        assertThat(spanNanos / 1e9).as("16 sends at no more than 3/s take over 4.6 s (one interval left for the "
                + "first call's late arrival)").isGreaterThanOrEqualTo((REQUESTS - 2) / (double) PACED_RATE);
        assertThat(mails).hasSize(REQUESTS);
        assertThat(mails.stream().map(m -> m.path("destination").path("to").get(0).asText()).distinct())
                .hasSize(REQUESTS);
        assertThat(files(maildir().resolve("cur"))).hasSize(REQUESTS);
        assertThat(files(maildir().resolve("failed"))).isEmpty();
    }

    /** Arrival times in ms of the wall clock, for the failure message. */
    static String arrivals(List<FaultInjectingSesProxy.Call> calls) {
        return calls.stream().map(c -> String.valueOf(c.epochMillis() % 100_000)).toList().toString();
    }

    /** The most SendRawEmail calls that arrived within one second of the wall clock. */
    static long mostInOneSecond(List<FaultInjectingSesProxy.Call> calls) {
        return calls.stream().collect(java.util.stream.Collectors.groupingBy(c -> c.epochMillis() / 1000,
                java.util.stream.Collectors.counting())).values().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    /**
     * How SES limits an account, as far as its documentation says: a maximum number of sends per second, with
     * the second's worth available at once after a pause. Calls beyond it are throttled.
     */
    static final class SesLikeLimit {
        private final double perSecond;
        private double tokens;
        private long last = -1;

        SesLikeLimit(double perSecond) {
            this.perSecond = perSecond;
            this.tokens = perSecond;
        }

        synchronized boolean admit(long nanos) {
            if (last >= 0) {
                tokens = Math.min(perSecond, tokens + (nanos - last) / 1e9 * perSecond);
            }
            last = nanos;
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }
    }
}
