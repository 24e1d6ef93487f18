// Makes the queue's NextHopGate with the per-next-hop limit of caravan.delivery.max-per-next-hop.
package io.caravan.delivery;

import io.caravan.queue.NextHopGate;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The one {@link NextHopGate} of this instance: Exchange's per-next-hop connection limit, read from
 * {@code caravan.delivery.max-per-next-hop}, shared by {@link SmtpDelivery} (which enters it) and the
 * queue viewer (which suspends and resumes next hops).
 */
public class DeliveryLimits {

    @Produces
    @Singleton
    NextHopGate nextHopGate(DeliveryConfig config) {
        return new NextHopGate(config.maxPerNextHop());
    }
}
