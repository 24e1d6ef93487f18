// Receive connector configuration (caravan.receive-connectors.<name>.*): one SMTP listener each.
package io.caravan.receive.connector;

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

        /** CIDR ranges allowed to connect at all; empty means anyone. Others get 554 5.7.1 and are disconnected. */
        Optional<List<String>> remoteRanges();

        /** Who may send through this connector: anonymous, authenticated, relay (clients in relay-ranges). */
        @WithDefault("anonymous,authenticated,relay")
        List<String> permissionGroups();

        /** Messages one client IP may send per minute; 0 means no limit. More get 450 4.7.1. */
        @WithDefault("0")
        int maxMessagesPerMinutePerIp();

        /** Name in the 220 banner; defaults to caravan.hostname. */
        Optional<String> banner();

        /** AUTH (PLAIN, LOGIN; only over TLS): none, optional, or required (530 5.7.0 before MAIL otherwise). */
        @WithDefault("none")
        String auth();

        /** TLS: none, starttls (offered), starttls-required (530 5.7.0 before MAIL otherwise), implicit (port 465 style). */
        @WithDefault("none")
        String tls();

        /** Largest message accepted, in bytes, announced with SIZE. */
        @WithDefault("36700160")
        long maxMessageSize();

        /**
         * Longest line of a message in octets, CRLF included (RFC 5321 §4.5.3.1.6: 1000). A message with a longer
         * line is refused at the end of data with 550 5.6.0, as a next hop may refuse it and folding it would change
         * the signed bytes. 0 means no limit.
         */
        @WithDefault("1000")
        int maxLineLength();

        /** Recipients per message; more get 452 4.5.3. */
        @WithDefault("500")
        int maxRecipients();

        /** Concurrent connections on this connector. */
        @WithDefault("500")
        int maxConnections();

        /** Concurrent connections from one client IP. */
        @WithDefault("50")
        int maxConnectionsPerIp();

        /**
         * Time without a complete command line after which the session is closed with 421 4.4.2 (bytes that do not
         * finish a line do not count). RFC 5321 §4.5.3.2.7 asks for at least 5 minutes.
         */
        @WithDefault("5m")
        Duration idleTimeout();

        /**
         * Longest time one message's data may take, from DATA's 354 (or the first BDAT chunk) to the final dot (or
         * BDAT LAST); then 421 4.4.2. Silence longer than idle-timeout ends it earlier. 10 minutes carries the
         * default 35 MiB limit at 60 KB/s.
         */
        @WithDefault("10m")
        Duration dataTimeout();

        /**
         * When max-connections (or max-connections-per-ip) is reached, a session that has gone this long without
         * completing a command, or whose message arrives under 1 KiB/s, is closed with 421 4.4.2 to make room, the
         * longest stalled first; a new client is refused with 421 4.7.0 only when there is none.
         */
        @WithDefault("10s")
        Duration evictIdleAfter();

        /** Received: headers above which a message is refused as a mail loop (RFC 5321 §6.3). */
        @WithDefault("50")
        int maxHops();

        /**
         * Accept command lines ended by a bare LF, or holding a bare CR, as some broken clients send
         * them. False (the default) answers such a line 500 5.5.2, as Postfix's smtpd_forbid_bare_newline
         * does. The message text (DATA) is strict either way: a bare CR or LF there gets 550 5.6.0.
         */
        @WithDefault("false")
        boolean allowBareNewlines();
    }
}
