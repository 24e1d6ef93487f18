// Test fixtures for the SMTP hooks: a session as hooks see it, a connector's settings, configuration stubs.
package io.caravan.receive.hook;

import io.caravan.config.CaravanConfig;
import io.caravan.mail.MailAddress;
import io.caravan.receive.connector.ReceiveConnectorsConfig;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.UnknownHostException;
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
