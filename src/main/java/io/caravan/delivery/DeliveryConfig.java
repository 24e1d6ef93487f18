// Delivery configuration (caravan.delivery.*): retry schedule, expiry and outbound SMTP limits.
package io.caravan.delivery;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "caravan.delivery")
public interface DeliveryConfig {

    /** Readable retry schedule, e.g. "1m, 5m*2, 30m*4, 2h*..." (see RetrySchedule). */
    @WithDefault("1m, 5m, 10m, 30m*2, 1h*...")
    String retry();

    /** Give up and bounce after this long in the queue (RFC 5321 §4.5.4.1: 4-5 days). */
    @WithDefault("5d")
    Duration expiry();

    /** Tell the sender once that a message is still being retried after this long (RFC 5321 §4.5.4.1). */
    @WithDefault("4h")
    Duration delayNotice();

    /** Copies delivered at the same time (JMS consumers of caravan.delivery; used by routes/50-delivery.yaml). */
    @WithDefault("20")
    int concurrency();

    /** Copies delivered to one next hop at the same time; more wait a few seconds in the queue. */
    @WithDefault("20")
    int maxPerNextHop();

    /** Time to establish a TCP connection to a next hop. */
    @WithDefault("60s")
    Duration connectTimeout();

    /** Time to wait for any one reply from a next hop (RFC 5321 §4.5.3.2: up to 10 minutes after the final dot). */
    @WithDefault("10m")
    Duration replyTimeout();
}
