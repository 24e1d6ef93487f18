// Test fixtures for the SMTP hooks: a session as hooks see it, a connector's settings, configuration stubs.
package io.caravan.receive.hook;

import io.caravan.config.CaravanConfig;
import io.caravan.mail.MailAddress;
import io.caravan.receive.connector.ReceiveConnectorsConfig;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

final class HookFixtures {

    static final MailAddress SENDER = MailAddress.parse("alice@example.com");

    private HookFixtures() {
    }

    /** What a hook may know about a session. */
    record Session(String connector, InetAddress clientAddress, String heloName, boolean isRelayClient,
            Optional<String> authenticatedUser) implements SessionInfo {
    }

    /** An anonymous client outside the relay ranges, on connector "default". */
    static Session anonymous(String ip) {
        return new Session("default", address(ip), "client.example.net", false, Optional.empty());
    }

    static Session relayClient(String ip) {
        return new Session("default", address(ip), "client.example.net", true, Optional.empty());
    }

    static Session authenticated(String ip, String user) {
        return new Session("default", address(ip), "client.example.net", false, Optional.of(user));
    }

    static InetAddress address(String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(ip, e);
        }
    }

    /** The settings hooks read, the rest at their defaults. */
    record Connector(Optional<List<String>> remoteRanges, int maxMessagesPerMinutePerIp, int maxHops)
            implements ReceiveConnectorsConfig.ReceiveConnector {
        static Connector defaults() {
            return new Connector(Optional.empty(), 0, 50);
        }

        @Override public String bind() { return "127.0.0.1"; }
        @Override public int port() { return 0; }
        @Override public Optional<List<String>> relayRanges() { return Optional.empty(); }
        @Override public List<String> permissionGroups() { return List.of("anonymous", "authenticated", "relay"); }
        @Override public Optional<String> banner() { return Optional.empty(); }
        @Override public String auth() { return "none"; }
        @Override public String tls() { return "none"; }
        @Override public long maxMessageSize() { return 36_700_160; }
        @Override public int maxRecipients() { return 500; }
        @Override public int maxConnections() { return 500; }
        @Override public int maxConnectionsPerIp() { return 50; }
        @Override public Duration idleTimeout() { return Duration.ofMinutes(5); }
        @Override public boolean allowBareNewlines() { return false; }
    }

    static ReceiveConnectorsConfig connectors(Map<String, ReceiveConnectorsConfig.ReceiveConnector> byName) {
        return () -> byName;
    }

    /** A CaravanConfig answering only the named methods; any other call is a test bug. */
    static <T> T stub(Class<T> type, Function<String, Object> answers) {
        return type.cast(Proxy.newProxyInstance(HookFixtures.class.getClassLoader(), new Class<?>[] {type}, (p, m, a) -> {
            if (m.getName().equals("toString")) {
                return "test " + type.getSimpleName();
            }
            Object answer = answers.apply(m.getName());
            if (answer == null) {
                throw new UnsupportedOperationException(type.getSimpleName() + "." + m.getName());
            }
            return answer;
        }));
    }

    static CaravanConfig core(Function<String, Object> answers) {
        return stub(CaravanConfig.class, answers);
    }
}
