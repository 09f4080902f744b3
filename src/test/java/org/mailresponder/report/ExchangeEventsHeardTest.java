package org.mailresponder.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Properties;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.mailresponder.testing.RequestMail;
import org.mailresponder.testing.ResponderRouteTest;

/**
 * An operator who switches camel-micrometer's exchange notifier back on gets its meters: the service turns Camel's
 * exchange events off only when no notifier listens to them (UnheardExchangeEvents; MetricsEndpointTest has the
 * default).
 */
class ExchangeEventsHeardTest extends ResponderRouteTest {

    @Override
    protected void testProperties(Properties p) {
        p.setProperty("camel.metrics.enableExchangeEventNotifier", "true");
    }

    @Test
    void exchangeEventsStayOnForAListeningNotifier() throws Exception {
        drop("h1", RequestMail.from("heidi@users.test").to("get@responder.test").bytes());
        awaitDrained();
        assertThat(context.getCamelContextExtension().isEventNotificationApplicable()).isTrue();
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(MetricsEndpointTest.get(managementPort(), "/observe/metrics"))
                        .containsPattern("(?m)^camel_exchange_event_notifier_seconds_count\\{[^}]*"
                                + "ExchangeCompletedEvent[^}]*\\} [1-9]"));
    }
}
