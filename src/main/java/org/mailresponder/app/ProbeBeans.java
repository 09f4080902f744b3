package org.mailresponder.app;

import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.BindToRegistry;
import org.apache.camel.PropertyInject;
import org.mailresponder.config.SendMethod;
import org.mailresponder.probe.RoundTripProbe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The round-trip probe ({@code roundTripProbe}), used by routes/probe.yaml when the probe is enabled. */
public class ProbeBeans {

    private static final Logger LOG = LoggerFactory.getLogger(ProbeBeans.class);

    /** The routes refer to the bean even when they do not start; its metrics exist only when the probe is on. */
    @BindToRegistry("roundTripProbe")
    public RoundTripProbe roundTripProbe(MeterRegistry meters,
                                         @PropertyInject("responder.probe.enabled") boolean enabled,
                                         @PropertyInject("responder.probe.address") String target,
                                         @PropertyInject("responder.probe.mailbox.address") String mailbox,
                                         @PropertyInject("responder.probe.timeout") long timeoutMillis,
                                         @PropertyInject("responder.probe.send-method") String sendMethod,
                                         @PropertyInject("responder.delivery.method") String deliveryMethod) {
        SendMethod method = sendMethod.isBlank() ? SendMethod.DEFAULT : SendMethod.parse(sendMethod);
        if (enabled) {
            if (target.isBlank() || mailbox.isBlank()) {
                throw new IllegalArgumentException("responder.probe.enabled=true needs responder.probe.address (a "
                        + "served address) and responder.probe.mailbox.address (the probe mailbox)");
            }
            String effective = method == SendMethod.DEFAULT ? deliveryMethod.strip() : method.routeName();
            if ("outbox".equalsIgnoreCase(effective)) {
                LOG.warn("The round-trip probe sends through the outbox, where requests never arrive anywhere: it will "
                        + "fail every time (set responder.probe.send-method or responder.delivery.method to smtp or ses)");
            }
        }
        return new RoundTripProbe(mailbox, target, Duration.ofMillis(timeoutMillis), method,
                enabled ? meters : new SimpleMeterRegistry(), Clock.systemUTC());
    }
}
