// Counts how often each copy made a stage fail, and moves a copy that failed caravan.broker.max-delivery-attempts times to caravan.poison.
package io.caravan.queue;

import io.caravan.config.CaravanConfig;
import io.caravan.mail.CaravanHeaders;
import io.caravan.tracking.MessageEvents;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.component.jms.JmsConstants;
import org.apache.camel.component.jms.JmsEndpoint;
import org.apache.camel.quarkus.main.events.BeforeStart;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Why Caravan counts, not the broker: Artemis counts a delivery to a consumer whose process was killed as an attempt,
 * and while it clears a dead instance's sessions one by one it hands the copies they held to that instance's other
 * consumers, which are dead too: one SIGKILL raised a copy's count from 1 to 5 within 100 ms and sent it to
 * caravan.poison without any stage having failed (SeveralInstancesIT, about one run in ten). So the broker's own
 * max-delivery-attempts is only a backstop ({@link #BROKER_BACKSTOP} above this count) for a copy that kills the
 * process each time, and this class decides poison from the failures a stage really had: an exception rolled the
 * stage's transaction back. The count is per instance, in memory, by JMS message id (which a redelivery keeps). When
 * a copy reaches the limit, its transaction still rolls back (nothing the failed attempt sent survives); at its next
 * delivery to this instance it goes to caravan.poison, with the failure, instead of into the stage, in the stage's
 * transaction. The poisoned copy carries the broker's original-queue properties, so a resubmit puts it back where it
 * failed, as for a copy the broker moved.
 */
@Singleton
public class StageFailures implements RoutePolicyFactory {

    private static final Logger LOG = Logger.getLogger(StageFailures.class);
    /** The broker's own limit is this many deliveries above Caravan's: more than a dead instance's consumers can add. */
    public static final int BROKER_BACKSTOP = 100;
    /** Copies whose failures are remembered at once; far more than a stage's consumers have in flight. */
    static final int REMEMBERED = 10_000;

    /** One copy's failures so far and the last one's message. */
    private record Failures(int count, String last) {
    }

    private final int limit;
    private final MessageEvents events;
    private final Map<String, Failures> failures = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
            return size() > REMEMBERED;
        }
    };
    private volatile ProducerTemplate producer;

    @Inject // two constructors: without this Quarkus silently drops the bean, and its observer with it
    public StageFailures(CaravanConfig config, MessageEvents events) {
        this(config.broker().maxDeliveryAttempts(), events);
    }

    StageFailures(int limit, MessageEvents events) {
        this.limit = limit;
        this.events = events;
    }

    void install(@Observes @Priority(3) BeforeStart event, CamelContext context) {
        producer = context.createProducerTemplate();
        context.addRoutePolicyFactory(this);
    }

    /** A policy for each route that consumes a Caravan queue; none for the others. */
    @Override
    public RoutePolicy createRoutePolicy(CamelContext context, String routeId, NamedNode route) {
        return new RoutePolicySupport() {
            @Override
            public void onExchangeBegin(Route r, Exchange exchange) {
                String queue = stageQueue(r);
                if (queue != null && poisoned(exchange, queue)) {
                    exchange.setRouteStop(true);
                }
            }

            @Override
            public void onExchangeDone(Route r, Exchange exchange) {
                String queue = stageQueue(r);
                if (queue != null) {
                    done(exchange, queue);
                }
            }
        };
    }

    /** The Caravan queue a route consumes, or null. */
    private static String stageQueue(Route route) {
        if (route.getEndpoint() instanceof JmsEndpoint jms && jms.getDestinationName().startsWith("caravan.")
                && !QueueNames.POISON.equals(jms.getDestinationName())) {
            return jms.getDestinationName();
        }
        return null;
    }

    /** After the stage: a failure counts, a success forgets the copy. */
    void done(Exchange exchange, String queue) {
        String id = exchange.getIn().getHeader(JmsConstants.JMS_HEADER_MESSAGE_ID, String.class);
        if (id == null) {
            return;
        }
        Exception e = exchange.getException();
        synchronized (failures) {
            if (e == null) {
                if (!failures.isEmpty()) {
                    failures.remove(id);
                }
                return;
            }
            Failures was = failures.get(id);
            Failures now = new Failures(was == null ? 1 : was.count() + 1, String.valueOf(e.getMessage()));
            failures.put(id, now);
            if (now.count() >= limit) {
                LOG.errorf("Copy %s (queue id %s) failed %s %d times; it goes to %s at its next delivery: %s",
                        id, exchange.getIn().getHeader(CaravanHeaders.QUEUE_ID), queue, now.count(), QueueNames.POISON, now.last());
            }
        }
    }

    /**
     * Before the stage: a copy that already failed the limit goes to the poison queue, in this transaction.
     * @return true when it went (the stage must not run)
     */
    boolean poisoned(Exchange exchange, String queue) {
        String id = exchange.getIn().getHeader(JmsConstants.JMS_HEADER_MESSAGE_ID, String.class);
        Failures f;
        synchronized (failures) {
            f = id == null ? null : failures.get(id);
        }
        if (f == null || f.count() < limit) {
            return false;
        }
        String reason = "failed " + f.count() + " times in " + queue + ": " + f.last();
        Map<String, Object> headers = new HashMap<>(exchange.getIn().getHeaders());
        headers.remove(CaravanHeaders.DUPLICATE_ID); // a copy poisoned again after a resubmit must not be dropped as a duplicate
        headers.put(Message.HDR_ORIGINAL_ADDRESS.toString(), queue);
        headers.put(Message.HDR_ORIGINAL_QUEUE.toString(), queue);
        headers.put(Message.HDR_ORIG_ROUTING_TYPE.toString(), RoutingType.ANYCAST.getType());
        headers.put(CaravanHeaders.POISON_REASON, reason);
        try {
            producer.sendBodyAndHeaders("jms:queue:" + QueueNames.POISON + "?jmsMessageType=Bytes", exchange.getIn().getBody(), headers);
        } catch (RuntimeException e) {
            exchange.setException(e); // the broker is gone: rolled back, and poisoned at the next delivery
            return true;
        }
        synchronized (failures) {
            failures.remove(id);
        }
        events.poisoned(headers, queue, reason);
        return true;
    }
}
