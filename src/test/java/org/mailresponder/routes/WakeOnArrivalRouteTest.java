package org.mailresponder.routes;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.mailresponder.testing.RequestMail;
import org.mailresponder.testing.ResponderRouteTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request is taken when it arrives, not when the next timed scan comes round: with a poll-delay of ten minutes,
 * every request below is answered within seconds only because its rename into new/ wakes the scan (with Camel's
 * own scheduler, or with wake-on-arrival off, each would wait up to ten minutes). The wake survives a stop and
 * start of the route (a route reload creates a new consumer on the same scheduler), and a request already waiting
 * as the route starts is taken at once.
 */
class WakeOnArrivalRouteTest extends ResponderRouteTest {

    /** Far longer than any wait below: a request answered here was woken for, not polled for. */
    private static final String TEN_MINUTES = "600000";
    private static final Duration WOKEN = Duration.ofSeconds(20);

    @Override
    protected void testProperties(Properties p) {
        p.setProperty("responder.poll-delay", TEN_MINUTES);
    }

    @Test
    void eachArrivalWakesTheScan() throws Exception {
        awaitFirstScanDone();
        for (int i = 0; i < 10; i++) {
            Path request = arrive("one-after-another-" + i);
            awaitTaken(request, i + 1);
        }
    }

    @Test
    void theWakeSurvivesARouteRestartAndAWaitingRequestIsTakenAtStart() throws Exception {
        awaitFirstScanDone();
        context.getRouteController().stopRoute("ingest-maildir");
        Path waiting = arrive("waiting-at-start");
        context.getRouteController().startRoute("ingest-maildir");
        awaitTaken(waiting, 1);

        Path afterRestart = arrive("after-restart");
        awaitTaken(afterRestart, 2);
    }

    /** The route's first scan (of the empty new/) has run: what arrives next can only be found by a wake. */
    private void awaitFirstScanDone() {
        Awaitility.await().atMost(WOKEN).until(() -> context.getRouteController()
                .getRouteStatus("ingest-maildir").isStarted());
        // a scan that began before the arrival below would take it too; give the first one time to end
        Awaitility.await().pollDelay(Duration.ofMillis(500)).until(() -> true);
    }

    private Path arrive(String name) throws Exception {
        return drop(name, RequestMail.from(name + "@mail.example").to("get+fa@responder.test")
                .messageId("<" + name + "@mail.example>").bytes());
    }

    private void awaitTaken(Path request, int handled) throws Exception {
        Awaitility.await().atMost(WOKEN).pollInterval(Duration.ofMillis(20))
                .until(() -> files(maildir().resolve("cur")).size() == handled);
        assertThat(request).doesNotExist();
        assertThat(files(maildir().resolve("failed"))).isEmpty();
        assertThat(files(outbox())).isNotEmpty();
    }
}
