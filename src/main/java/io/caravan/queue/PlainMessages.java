// Hands each stage that consumes a queue a plain Camel message (body and headers read once), not Camel's JmsMessage.
package io.caravan.queue;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.component.jms.JmsMessage;
import org.apache.camel.quarkus.main.events.BeforeStart;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.DefaultMessage;
import org.apache.camel.support.RoutePolicySupport;

/**
 * Every {@code method:} expression of the routes (a choice, a loop, a split) runs its bean on a copy of the exchange,
 * and Camel copies a JmsMessage by making a new one without a JMS message, whose constructor then asks that missing
 * message whether it was redelivered: a NullPointerException with a full stack trace, caught and dropped, twice per
 * expression, a dozen times per message (2 to 7% of the CPU in profiles; bench/RESULTS.md, issue 15). The stages read
 * only the body and the headers, so they are copied into a plain message as the exchange enters the route; the
 * JMS transaction is the listener's, not the message's, and is unchanged. Installed before Camel starts, so before
 * it turns the YAML into routes.
 */
@Singleton
public class PlainMessages implements RoutePolicyFactory {

    private static final RoutePolicy POLICY = new RoutePolicySupport() {
        @Override
        public void onExchangeBegin(Route route, Exchange exchange) {
            plain(exchange);
        }
    };

    void install(@Observes @Priority(3) BeforeStart event, CamelContext context) {
        context.addRoutePolicyFactory(this);
    }

    /** Every route gets it: on a route that does not consume a queue it only looks at the message's class. */
    @Override
    public RoutePolicy createRoutePolicy(CamelContext context, String routeId, NamedNode route) {
        return POLICY;
    }

    /** Replaces a JmsMessage by a plain message with the same body, headers and message id. */
    static void plain(Exchange exchange) {
        if (exchange.getIn() instanceof JmsMessage jms) {
            DefaultMessage plain = new DefaultMessage(exchange);
            plain.copyFrom(jms); // reads the body through the binding and every header, once
            exchange.setIn(plain);
        }
    }
}
