// The sender filter's own keys (caravan.checks.sender-filter.*), beside action, applies-to and connectors.
package io.caravan.filter.sender;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;
import java.util.Optional;

/**
 * <pre>
 * caravan:
 *   checks:
 *     sender-filter:
 *       blocked-senders: [spammer@example.net]
 *       blocked-domains: [bad.example, "*.worse.example"]   # *.domain: the domain and every domain under it
 *       block-null-sender: false                            # true refuses bounces (MAIL FROM:&lt;&gt;) too
 *       action: reject                                      # reject (554 5.7.1) | tag | ignore
 * </pre>
 */
@ConfigMapping(prefix = "caravan.checks.sender-filter")
public interface SenderFilterConfig {

    Optional<List<String>> blockedSenders();

    Optional<List<String>> blockedDomains();

    @WithDefault("false")
    boolean blockNullSender();
}
