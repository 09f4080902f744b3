package org.mailresponder.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailresponder.probe.ProbeMailServers.runs;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import com.icegreen.greenmail.util.GreenMail;
import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.mailresponder.testing.ResponderRouteTest;

/**
 * The round-trip probe through real mail servers (GreenMail): the probe's request goes out over SMTP to a served
 * address, the service reads it from that address's mailbox over IMAP, answers over SMTP to the probe mailbox, and
 * the probe finds the answer there over IMAP, recording success and latency.
 */
class RoundTripProbeTest extends ResponderRouteTest {

    // Camel's test support reads the properties in its constructor, so the servers must be up before that.
    private static final GreenMail MAIL = ProbeMailServers.mailServer();

    @AfterAll
    static void stopMail() {
        MAIL.stop();
    }

    @Override
    protected void testProperties(Properties p) {
        ProbeMailServers.probeSettings(p, MAIL, true);
    }

    @Test
    void eachProbeIsAnsweredAndItsLatencyRecorded() {
        MeterRegistry meters = context.getRegistry().findSingleByType(MeterRegistry.class);
        Awaitility.await().atMost(Duration.ofSeconds(40)).until(() -> runs(meters, "success") >= 3);
        assertThat(runs(meters, "failure")).isZero();
        assertThat(meters.get("responder.probe.up").gauge().value()).isEqualTo(1.0);
        var latency = meters.get("responder.probe.latency").timer();
        assertThat(latency.count()).isGreaterThanOrEqualTo(3);
        assertThat(latency.max(TimeUnit.MILLISECONDS)).isPositive().isLessThan(6000);
        assertThat(meters.get("responder.probe.last-success").gauge().value()).isPositive();
        // the requests were real ones: the service answered them like any other
        assertThat(meters.get("responder.requests").tag("outcome", "answered").counter().count())
                .isGreaterThanOrEqualTo(3);
    }
}
