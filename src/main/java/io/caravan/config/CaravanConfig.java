// Core configuration: identity, data directory, accepted domains, DNS and broker (caravan.*).
package io.caravan.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The keys operators rely on; see DESIGN.md "Configuration". Stage groups have their own mappings. */
@ConfigMapping(prefix = "caravan")
public interface CaravanConfig {

    /** Banner, EHLO and Received name. Empty means the machine's canonical host name. */
    Optional<String> hostname();

    /** Broker journal, generated keys and certificates, local mailboxes. */
    @WithDefault("data")
    String dataDir();

    /** Directory of the YAML routes (the pipeline), relative to the working directory. */
    @WithDefault("routes")
    String routesDir();

    /** Domains this router accepts mail for from anyone. */
    Optional<List<String>> acceptedDomains();

    Dns dns();

    Broker broker();

    interface Dns {
        /** host[:port] of recursive resolvers; empty uses the system resolver configuration. */
        Optional<List<String>> servers();

        /** Time to wait for one DNS answer before the lookup counts as a temporary failure. */
        @WithDefault("5s")
        Duration timeout();
    }

    interface Broker {
        /** Empty: embedded Artemis under data-dir. Otherwise the URL of an external broker. */
        Optional<String> url();

        /** Embedded broker: a copy that makes a stage fail this many times goes to caravan.poison. */
        @WithDefault("5")
        int maxDeliveryAttempts();

        /** Embedded broker: wait before a failed copy is offered again (doubles each time, at most 5m). */
        @WithDefault("5s")
        Duration redeliveryDelay();
    }
}
