// Names of the durable queues, the only contracts between pipeline stages.
package io.caravan.queue;

public final class QueueNames {

    /** Accepted messages, one per SMTP transaction; written before the 250. */
    public static final String SUBMISSION = "caravan.submission";
    /** One copy per (message, next hop), waiting for delivery or its next retry. */
    public static final String DELIVERY = "caravan.delivery";
    /** Recipients that failed permanently or expired, waiting for a delivery status notification. */
    public static final String BOUNCE = "caravan.bounce";
    /** Messages that made a stage fail repeatedly; kept for an administrator. */
    public static final String POISON = "caravan.poison";
    /** Next hops an administrator suspended, one message each; browsed by every instance, never consumed. */
    public static final String SUSPENSIONS = "caravan.suspensions";

    private QueueNames() {
    }
}
