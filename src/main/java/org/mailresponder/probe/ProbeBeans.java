package org.mailresponder.probe;

import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.mailresponder.config.SendMethod;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The round-trip probe's bean ({@code roundTripProbe}), used by routes/probe.yaml when the probe is enabled. */
public class ProbeBeans implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ProbeBeans.class);

    @PropertyInject(value = "responder.probe.enabled", defaultValue = "false") boolean enabled;
    @PropertyInject(value = "responder.probe.address", defaultValue = "") String target;
    @PropertyInject(value = "responder.probe.mailbox.address", defaultValue = "") String mailbox;
    @PropertyInject(value = "responder.probe.timeout", defaultValue = "120000") long timeoutMillis;
    @PropertyInject(value = "responder.probe.send-method", defaultValue = "") String sendMethod;
    @PropertyInject(value = "responder.delivery.method", defaultValue = "outbox") String deliveryMethod;

    @Override
    public void configure(CamelContext camelContext) {
        MeterRegistry meters = camelContext.getRegistry().findSingleByType(MeterRegistry.class);
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
        // the routes refer to the bean even when they do not start; its metrics exist only when the probe is on
        camelContext.getRegistry().bind("roundTripProbe", new RoundTripProbe(mailbox, target,
                Duration.ofMillis(timeoutMillis), method, enabled && meters != null ? meters : new SimpleMeterRegistry(),
                Clock.systemUTC()));
    }
}
