package org.mailresponder.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.mailresponder.testing.RequestMail;
import org.mailresponder.testing.ResponderRouteTest;

/** The Prometheus endpoint on the management port shows requests, answers and timings as they flow. */
class MetricsEndpointTest extends ResponderRouteTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    String get(String path) throws Exception {
        return get(managementPort(), path);
    }

    /** The status code, a line break and the body of a GET on the management port. */
    static String get(int port, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + "\n" + r.body();
    }

    static double value(String scrape, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " ([0-9.eE+-]+)$", Pattern.MULTILINE).matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }


    @Test
    void metricsChangeAsRequestsFlow() throws Exception {
        String before = get("/observe/metrics");
        assertThat(before).startsWith("200");
        assertThat(value(before, "responder_config_loaded")).isEqualTo(1);

        drop("a1", RequestMail.from("alice@users.test").to("get@responder.test").bytes());
        drop("a2", RequestMail.from("bob@users.test").to("android@responder.test").bytes());
        drop("r1", RequestMail.from("carol@users.test").to("get@responder.test")
                .header("Auto-Submitted", "auto-replied").bytes());
        for (int i = 0; i < 4; i++) {
            drop("l" + i, RequestMail.from("dave@users.test").to("get+fa@responder.test").bytes());
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

    /**
     * Nothing in the service listens to per-exchange events, so Camel raises none (UnheardExchangeEvents), while the
     * route counts that camel-micrometer's route notifier keeps still show. ExchangeEventsHeardTest: the other way.
     */
    @Test
    void noExchangeEventsWhenNobodyListens() throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                !context.getCamelContextExtension().isEventNotificationApplicable());
        drop("e1", RequestMail.from("erin@users.test").to("get@responder.test").bytes());
        awaitDrained();
        assertThat(files(outbox())).as("answered without them").hasSize(2);
        assertThat(context.getCamelContextExtension().isEventNotificationApplicable()).as("still off").isFalse();
        assertThat(get("/observe/metrics")).containsPattern("(?m)^camel_routes_running_routes(\\{[^}]*\\})? [1-9]");
    }

    @Test
    void liveAndReadyOnTheManagementPort() throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(get("/observe/health/ready")).startsWith("200"));
        assertThat(get("/observe/health/live")).startsWith("200");
        assertThat(get("/observe/health?exposureLevel=full")).contains("responder-ready");
    }
}
