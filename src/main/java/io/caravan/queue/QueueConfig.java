// Queue settings (caravan.queue.*): how often this instance re-reads the suspensions every instance shares.
package io.caravan.queue;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "caravan.queue")
public interface QueueConfig {

    /**
     * How often the suspended next hops are read from the broker. A change made on this instance applies here at
     * once; one made on another instance applies here within this interval.
     */
    @WithDefault("5s")
    Duration suspensionRefresh();
}
