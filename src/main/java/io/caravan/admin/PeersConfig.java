// The other Caravan instances on the same broker (caravan.peers.*): whose admin APIs a tracking search also asks.
package io.caravan.admin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * <pre>
 * caravan:
 *   peers:
 *     urls: [http://caravan-a:8080, http://caravan-b:8080]   # admin API base URLs; this instance's own may be listed
 *     dns-name: caravan-peers.mail.svc.cluster.local      # or: a name resolving to every instance (a headless Service)
 *     port: 8080                                          # the admin port on dns-name's addresses
 *     timeout: 5s                                         # per instance; one that does not answer makes the answer partial
 * </pre>
 * Neither urls nor dns-name: a search asks this instance only (one instance, or the embedded broker).
 */
@ConfigMapping(prefix = "caravan.peers")
public interface PeersConfig {

    Optional<List<String>> urls();

    Optional<String> dnsName();

    @WithDefault("8080")
    int port();

    @WithDefault("5s")
    Duration timeout();
}
