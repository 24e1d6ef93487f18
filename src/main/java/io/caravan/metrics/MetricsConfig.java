// Metrics configuration (caravan.metrics.*): how often the queue gauges read the broker.
package io.caravan.metrics;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "caravan.metrics")
public interface MetricsConfig {

    /** How often the queue gauges are read from the broker, in the background; a scrape never walks the queues. */
    @WithDefault("15s")
    Duration queueRefresh();
}
