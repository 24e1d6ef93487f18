// Quarantine settings (caravan.quarantine.*).
package io.caravan.filter.quarantine;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "caravan.quarantine")
public interface QuarantineConfig {

    /** How long a held message is kept before it is deleted unreleased (Exchange's spam quarantine keeps 30 days too). */
    @WithDefault("30d")
    Duration retention();
}
