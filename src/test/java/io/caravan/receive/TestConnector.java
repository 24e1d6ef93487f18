// Test fixture: one receive connector's settings (caravan.receive-connectors.<name>.*) at their defaults, without SmallRye Config.
package io.caravan.receive;

import io.caravan.receive.connector.ReceiveConnectorsConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The settings tests vary are record components; the rest answer the defaults of {@link ReceiveConnectorsConfig}. */
public record TestConnector(Optional<List<String>> remoteRanges, int maxMessagesPerMinutePerIp, int maxHops,
        boolean allowBareNewlines) implements ReceiveConnectorsConfig.ReceiveConnector {

    public static TestConnector defaults() {
        return new TestConnector(Optional.empty(), 0, 50, false);
    }

    public TestConnector withRemoteRanges(List<String> ranges) {
        return new TestConnector(Optional.of(ranges), maxMessagesPerMinutePerIp, maxHops, allowBareNewlines);
    }

    public TestConnector withMaxMessagesPerMinutePerIp(int limit) {
        return new TestConnector(remoteRanges, limit, maxHops, allowBareNewlines);
    }

    public TestConnector withMaxHops(int hops) {
        return new TestConnector(remoteRanges, maxMessagesPerMinutePerIp, hops, allowBareNewlines);
    }

    public TestConnector withAllowBareNewlines(boolean allowed) {
        return new TestConnector(remoteRanges, maxMessagesPerMinutePerIp, maxHops, allowed);
    }

    @Override public String bind() { return "127.0.0.1"; }
    @Override public int port() { return 0; }
    @Override public Optional<List<String>> relayRanges() { return Optional.empty(); }
    @Override public List<String> permissionGroups() { return List.of("anonymous", "authenticated", "relay"); }
    @Override public Optional<String> banner() { return Optional.empty(); }
    @Override public String auth() { return "none"; }
    @Override public String tls() { return "none"; }
    @Override public long maxMessageSize() { return 36_700_160; }
    @Override public int maxLineLength() { return 1000; }
    @Override public int maxRecipients() { return 500; }
    @Override public int maxConnections() { return 500; }
    @Override public int maxConnectionsPerIp() { return 50; }
    @Override public Duration idleTimeout() { return Duration.ofMinutes(5); }
    @Override public Duration dataTimeout() { return Duration.ofMinutes(10); }
    @Override public Duration evictIdleAfter() { return Duration.ofSeconds(10); }
}
