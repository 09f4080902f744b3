package org.mailresponder.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailresponder.probe.ProbeMailServers.runs;

import java.time.Duration;
import java.util.Properties;

import com.icegreen.greenmail.util.GreenMail;
import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.mailresponder.testing.ResponderRouteTest;

/**
 * The round-trip probe when no answer comes (the service does not read its mailbox, as when the MX, the MTA or the
 * ingest is down): each probe fails once its timeout has passed, not before, and is then forgotten.
 */
class RoundTripProbeNoAnswerTest extends ResponderRouteTest {

    private static final GreenMail MAIL = ProbeMailServers.mailServer();

    @AfterAll
    static void stopMail() {
        MAIL.stop();
    }

    @Override
    protected void testProperties(Properties p) {
        ProbeMailServers.probeSettings(p, MAIL, false);
    }

    @Test
    void theProbeFailsAfterItsTimeout() {
        MeterRegistry meters = context.getRegistry().findSingleByType(MeterRegistry.class);
        RoundTripProbe probe = context.getRegistry().lookupByNameAndType("roundTripProbe", RoundTripProbe.class);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> MAIL.getReceivedMessages().length >= 1);
        assertThat(runs(meters, "failure")).as("not before the timeout").isZero();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> runs(meters, "failure") >= 1);
        assertThat(runs(meters, "success")).isZero();
        assertThat(meters.get("responder.probe.up").gauge().value()).isZero();
        assertThat(probe.outstanding()).as("overdue probes are given up, not kept").isLessThanOrEqualTo(7);
    }
}
