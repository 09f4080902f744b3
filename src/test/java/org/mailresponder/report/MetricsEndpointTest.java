package org.mailresponder.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.mailresponder.testing.ResponderRouteTest;

/** The Prometheus endpoint on the management port shows requests, answers and timings as they flow. */
class MetricsEndpointTest extends ResponderRouteTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    String get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + managementPort() + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + "\n" + r.body();
    }

    static double value(String scrape, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " ([0-9.eE+-]+)$", Pattern.MULTILINE).matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    static byte[] request(String from, String to, String headers) {
        return ("From: " + from + "\r\nTo: " + to + "\r\nSubject: hi\r\nMessage-ID: <" + System.nanoTime()
                + "@client.test>\r\n" + headers + "\r\nplease send\r\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void metricsChangeAsRequestsFlow() throws Exception {
        String before = get("/observe/metrics");
        assertThat(before).startsWith("200");
        assertThat(value(before, "responder_config_loaded")).isEqualTo(1);

        drop("a1", request("alice@users.test", "get@responder.test", ""));
        drop("a2", request("bob@users.test", "android@responder.test", ""));
        drop("r1", request("carol@users.test", "get@responder.test", "Auto-Submitted: auto-replied\r\n"));
        for (int i = 0; i < 4; i++) {
            drop("l" + i, request("dave@users.test", "get+fa@responder.test", ""));
        }
        awaitDrained();

        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String after = get("/observe/metrics");
            assertThat(value(after, "responder_requests_total{outcome=\"answered\"}")).isEqualTo(5);
            assertThat(value(after, "responder_requests_total{outcome=\"auto-submitted\"}")).isEqualTo(1);
            assertThat(value(after, "responder_requests_total{outcome=\"rate-limited\"}")).isEqualTo(1);
            assertThat(value(after, "responder_rate_limit_hits_total")).isEqualTo(1);
            // get@ has two entries, so one answered request there is two answers
            assertThat(value(after, "responder_answers_total{address=\"get@responder.test\"}")).isEqualTo(2);
            assertThat(value(after, "responder_answers_total{address=\"android@responder.test\"}")).isEqualTo(1);
            assertThat(value(after, "responder_answers_total{address=\"get+fa@responder.test\"}")).isEqualTo(3);
            assertThat(value(after, "responder_processing_seconds_count")).isEqualTo(7);
            assertThat(after).contains("responder_processing_seconds_bucket{le=");
            assertThat(after).contains("responder_config_info{version=");
        });
    }

    @Test
    void liveAndReadyOnTheManagementPort() throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(get("/observe/health/ready")).startsWith("200"));
        assertThat(get("/observe/health/live")).startsWith("200");
        assertThat(get("/observe/health?exposureLevel=full")).contains("responder-ready");
    }
}
