// Test fixture: caravan.delivery.* values for beans built without Quarkus.
package io.caravan.delivery;

import java.time.Duration;

/** Short timeouts so a test against a silent host ends quickly; one copy per next hop at a time. */
public record TestDeliveryConfig(String retry, Duration expiry, Duration delayNotice, int concurrency, int maxPerNextHop,
        Duration connectTimeout, Duration replyTimeout) implements DeliveryConfig {

    public static TestDeliveryConfig defaults() {
        return new TestDeliveryConfig("1m, 5m*...", Duration.ofDays(5), Duration.ofHours(4), 1, 1, Duration.ofSeconds(5),
                Duration.ofSeconds(10));
    }

    public TestDeliveryConfig withDelayNotice(Duration d) {
        return new TestDeliveryConfig(retry, expiry, d, concurrency, maxPerNextHop, connectTimeout, replyTimeout);
    }
}
