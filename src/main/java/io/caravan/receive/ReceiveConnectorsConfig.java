// Receive connector configuration (caravan.receive-connectors.<name>.*): one SMTP listener each.
package io.caravan.receive;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@ConfigMapping(prefix = "caravan")
public interface ReceiveConnectorsConfig {

    Map<String, ReceiveConnector> receiveConnectors();

    interface ReceiveConnector {
        /** Address to listen on. */
        @WithDefault("0.0.0.0")
        String bind();

        /** TCP port; 0 picks a free one (tests). */
        int port();

        /** CIDR ranges whose clients may relay to any domain without authenticating. */
        Optional<List<String>> relayRanges();

        /** Name in the 220 banner; defaults to caravan.hostname. */
        Optional<String> banner();

        /** AUTH mode: none (optional and required come with the AUTH work). */
        @WithDefault("none")
        String auth();

        /** TLS mode: none (starttls, starttls-required and implicit come with the TLS work). */
        @WithDefault("none")
        String tls();

        /** Largest message accepted, in bytes, announced with SIZE. */
        @WithDefault("36700160")
        long maxMessageSize();

        /** Recipients per message; more get 452 4.5.3. */
        @WithDefault("500")
        int maxRecipients();

        /** Concurrent connections on this connector. */
        @WithDefault("500")
        int maxConnections();

        /** Concurrent connections from one client IP. */
        @WithDefault("50")
        int maxConnectionsPerIp();

        /** Idle time after which the session is closed with 421 4.4.2. RFC 5321 §4.5.3.2.7 asks for at least 5 minutes. */
        @WithDefault("5m")
        Duration idleTimeout();

        /** Received: headers above which a message is refused as a mail loop (RFC 5321 §6.3). */
        @WithDefault("50")
        int maxHops();
    }
}
