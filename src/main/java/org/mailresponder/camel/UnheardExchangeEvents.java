package org.mailresponder.camel;

import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.eventnotifier.MicrometerRouteEventNotifier;
import org.apache.camel.spi.EventNotifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops Camel raising an event for every exchange and every step when no event notifier listens to them. Camel
 * decides that once, as the context initialises: any notifier at all switches exchange events on, even one that
 * only wants the context's start (the service's own) or only route events (camel-micrometer's route notifier, behind
 * {@code camel_routes_*}). Then each step of each request builds events and asks every notifier whether it wants
 * them, about 1 % of the CPU per answer. A notifier that wants exchange events and is there when the context starts
 * (a bean Camel Main finds in the registry, or {@code camel.metrics.enableExchangeEventNotifier=true}) keeps them on;
 * one added to the running context gets none.
 */
public final class UnheardExchangeEvents {

    private static final Logger LOG = LoggerFactory.getLogger(UnheardExchangeEvents.class);

    private UnheardExchangeEvents() {
    }

    /**
     * Once the context has started: the route notifier is told to skip exchange events (it counts routes only), and
     * exchange events are switched off unless a notifier still listens.
     */
    public static void silence(CamelContext ctx) {
        for (EventNotifier n : ctx.getManagementStrategy().getEventNotifiers()) {
            if (n instanceof MicrometerRouteEventNotifier routes) {
                routes.setIgnoreExchangeEvents(true);
            }
            if (!n.isDisabled() && !n.isIgnoreExchangeEvents()) {
                LOG.debug("Exchange events stay on: {} listens to them", n.getClass().getName());
                return;
            }
        }
        ctx.getCamelContextExtension().setEventNotificationApplicable(false);
    }
}
