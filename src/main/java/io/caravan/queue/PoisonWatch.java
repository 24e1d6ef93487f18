// Tracks each copy the embedded broker moves to caravan.poison: a POISONED event with the queue it failed on.
package io.caravan.queue;

import io.caravan.tracking.MessageEvents;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.postoffice.RoutingStatus;
import org.apache.activemq.artemis.core.server.MessageReference;
import org.apache.activemq.artemis.core.server.ServerConsumer;
import org.apache.activemq.artemis.core.server.impl.AckReason;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;
import org.apache.activemq.artemis.core.transaction.Transaction;

/**
 * A copy that failed a stage is moved by {@link StageFailures}, which tracks it; the broker moves a copy itself only
 * when it expires or passes the backstop of deliveries (a copy that kills the process each time), and a broker
 * plugin is the one place that sees such a move. Registered on the embedded broker; with an external broker
 * (caravan.broker.url) the poison queue is still listed by the admin API, but those moves are not tracked.
 */
final class PoisonWatch implements ActiveMQServerMessagePlugin {

    private final MessageEvents events;

    PoisonWatch(MessageEvents events) {
        this.events = events;
    }

    @Override
    public void messageMoved(Transaction tx, MessageReference ref, AckReason reason, SimpleString destAddress, Long destQueueID,
            ServerConsumer consumer, Message newMessage, RoutingStatus result) {
        String from = String.valueOf(ref.getQueue().getName());
        if (!QueueNames.POISON.equals(String.valueOf(destAddress)) || QueueNames.POISON.equals(from)) {
            return;
        }
        String why = reason == AckReason.EXPIRED ? "expired in " + from
                : "failed " + ref.getDeliveryCount() + " deliveries from " + from;
        events.poisoned(ref.getMessage().toPropertyMap(), from, why);
    }
}
