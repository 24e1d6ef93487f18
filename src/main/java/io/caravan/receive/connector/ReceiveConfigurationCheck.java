// Validates caravan.receive-connectors.* and the TLS pair they serve.
package io.caravan.receive.connector;

import io.caravan.receive.auth.Authenticator;
import io.caravan.config.ConfigurationCheck;
import io.caravan.receive.tls.TlsSettings;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

import static io.caravan.config.ConfigurationCheck.attempt;

@Singleton
public class ReceiveConfigurationCheck implements ConfigurationCheck {

    private final ReceiveConnectorsConfig receive;
    private final Authenticator authenticator;
    private final TlsSettings tls;

    public ReceiveConfigurationCheck(ReceiveConnectorsConfig receive, Authenticator authenticator, TlsSettings tls) {
        this.receive = receive;
        this.authenticator = authenticator;
        this.tls = tls;
    }

    @Override
    public List<String> configurationErrors() {
        List<String> errors = new ArrayList<>();
        if (receive.receiveConnectors().isEmpty()) {
            errors.add("caravan.receive-connectors: no receive connector is configured, so no mail can come in");
        }
        receive.receiveConnectors().forEach((name, c) -> connector(name, c, errors));
        receive.receiveConnectors().forEach((name, c) -> attempt(errors, "", () -> ConnectorSecurity.check(name, c, authenticator)));
        if (receive.receiveConnectors().values().stream().anyMatch(c -> !c.tls().strip().equalsIgnoreCase("none"))) {
            attempt(errors, "caravan.tls", tls::material);
        }
        return errors;
    }

    private static void connector(String name, ReceiveConnectorsConfig.ReceiveConnector c, List<String> errors) {
        String key = "caravan.receive-connectors." + name;
        if (c.port() < 0 || c.port() > 65535) {
            errors.add(key + ".port: " + c.port() + " is outside 0-65535");
        }
        if (c.maxMessageSize() < 1024) {
            errors.add(key + ".max-message-size: " + c.maxMessageSize() + " is below 1024 bytes");
        }
        if (c.maxLineLength() != 0 && c.maxLineLength() < 1000) {
            errors.add(key + ".max-line-length: " + c.maxLineLength()
                    + " is below the 1000 octets RFC 5321 requires a server to accept (0 means no limit)");
        }
        if (c.maxRecipients() < 1) {
            errors.add(key + ".max-recipients: must be at least 1 (RFC 5321 asks for 100)");
        }
        if (c.maxConnections() < 1 || c.maxConnectionsPerIp() < 1) {
            errors.add(key + ".max-connections / max-connections-per-ip: must be at least 1");
        }
        if (c.idleTimeout().isNegative() || c.idleTimeout().isZero()) {
            errors.add(key + ".idle-timeout: must be positive");
        }
        if (c.dataTimeout().isNegative() || c.dataTimeout().isZero()) {
            errors.add(key + ".data-timeout: must be positive");
        }
        if (c.evictIdleAfter().isNegative() || c.evictIdleAfter().isZero()) {
            errors.add(key + ".evict-idle-after: must be positive");
        }
        attempt(errors, key + ".relay-ranges", () -> IpRanges.parse(c.relayRanges().orElse(List.of())));
        attempt(errors, key + ".remote-ranges", () -> IpRanges.parse(c.remoteRanges().orElse(List.of())));
        if (c.maxMessagesPerMinutePerIp() < 0) {
            errors.add(key + ".max-messages-per-minute-per-ip: must be 0 (no limit) or more");
        }
    }
}
