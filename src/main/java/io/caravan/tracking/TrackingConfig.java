// Message tracking settings (caravan.tracking.*): how long events are kept and whether subjects are recorded.
package io.caravan.tracking;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * <pre>
 * caravan:
 *   tracking:
 *     retention: 30d    # tracking.log files (rotated daily) and the search store keep this much
 *     subject: false    # true: RECEIVED carries the message's Subject (privacy: off by default)
 * </pre>
 */
@ConfigMapping(prefix = "caravan.tracking")
public interface TrackingConfig {

    /** How long tracking events are kept, in the daily log files and in the search store. */
    @WithDefault("30d")
    Duration retention();

    /** Whether RECEIVED carries the Subject header field (detail {@code subject}). */
    @WithDefault("false")
    boolean subject();
}
