package org.mailresponder.testing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;

/** Reads the service's own meters (the registry the routes count in) in a route test. */
public final class ResponderMetrics {

    private ResponderMetrics() {
    }

    public static MeterRegistry of(CamelContext context) {
        return context.getRegistry().findSingleByType(MeterRegistry.class);
    }

    /** {@code responder_requests_total{outcome}}. */
    public static double requests(CamelContext context, String outcome) {
        Counter c = of(context).find("responder.requests").tag("outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }

    /** {@code responder_answers_total}, all addresses: answer mails handed off. */
    public static double answers(CamelContext context) {
        return of(context).find("responder.answers").counters().stream().mapToDouble(Counter::count).sum();
    }
}
