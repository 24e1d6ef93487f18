// Validates the configuration before anything listens or connects; one clear message naming the key.
package io.caravan.config;

import io.caravan.check.CheckAction;
import io.caravan.check.ChecksConfig;
import io.caravan.delivery.DeliveryConfig;
import io.caravan.signing.DkimKeyring;
import io.caravan.delivery.RetrySchedule;
import io.caravan.receive.Authenticator;
import io.caravan.receive.ConnectorSecurity;
import io.caravan.receive.IpRanges;
import io.caravan.receive.tls.TlsSettings;
import io.caravan.receive.ReceiveConnectorsConfig;
import io.caravan.routing.AcceptedDomains;
import io.caravan.routing.CategorizeConfig;
import io.caravan.routing.HostAndPort;
import io.caravan.routing.SendConnectors;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.apache.camel.quarkus.main.events.BeforeStart;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

/**
 * Misconfigured connectors are the first cause of delivery failures, so start-up stops on any
 * error here rather than failing a message later. Runs before the broker starts.
 */
@Singleton
public class StartupCheck {

    private static final Logger LOG = Logger.getLogger(StartupCheck.class);

    private final CaravanConfig core;
    private final ReceiveConnectorsConfig receive;
    private final DeliveryConfig delivery;
    private final jakarta.enterprise.inject.Instance<SendConnectors> sendConnectors;
    private final AcceptedDomains acceptedDomains;
    private final CategorizeConfig categorize;
    private final Authenticator authenticator;
    private final jakarta.enterprise.inject.Instance<DkimKeyring> dkimKeyring;
    private final ChecksConfig checks;
    private final TlsSettings tls;

    public StartupCheck(CaravanConfig core, ReceiveConnectorsConfig receive, DeliveryConfig delivery,
            jakarta.enterprise.inject.Instance<SendConnectors> sendConnectors, AcceptedDomains acceptedDomains,
            CategorizeConfig categorize, Authenticator authenticator,
            jakarta.enterprise.inject.Instance<DkimKeyring> dkimKeyring, ChecksConfig checks, TlsSettings tls) {
        this.tls = tls;
        this.dkimKeyring = dkimKeyring;
        this.checks = checks;
        this.categorize = categorize;
        this.authenticator = authenticator;
        this.core = core;
        this.receive = receive;
        this.delivery = delivery;
        this.sendConnectors = sendConnectors;
        this.acceptedDomains = acceptedDomains;
    }

    void check(@Observes @Priority(1) BeforeStart event) {
        List<String> errors = new ArrayList<>();
        receive.receiveConnectors().forEach((name, c) -> checkReceiveConnector(name, c, errors));
        receive.receiveConnectors().forEach((name, c) -> attempt(errors, () -> ConnectorSecurity.check(name, c, authenticator), ""));
        boolean anyTls = receive.receiveConnectors().values().stream().anyMatch(c -> !c.tls().strip().equalsIgnoreCase("none"));
        if (anyTls) {
            attempt(errors, () -> tls.material(), "caravan.tls");
        }
        if (receive.receiveConnectors().isEmpty()) {
            errors.add("caravan.receive-connectors: no receive connector is configured, so no mail can come in");
        }
        attempt(errors, () -> RetrySchedule.parse(delivery.retry()), "caravan.delivery.retry");
        if (delivery.concurrency() < 1) {
            errors.add("caravan.delivery.concurrency: must be at least 1");
        }
        if (categorize.concurrency() < 1) {
            errors.add("caravan.categorize.concurrency: must be at least 1");
        }
        core.dns().servers().orElse(List.of()).forEach(s -> attempt(errors, () -> HostAndPort.parse(s, 53), "caravan.dns.servers"));
        attempt(errors, () -> dkimKeyring.get(), "");
        attempt(errors, () -> CheckAction.parse("caravan.checks.spf.action", checks.spf().action()), "");
        attempt(errors, () -> CheckAction.parse("caravan.checks.dkim.action", checks.dkim().action()), "");
        attempt(errors, () -> CheckAction.parse("caravan.checks.dmarc.action", checks.dmarc().action()), "");
        SendConnectors send = null;
        try {
            send = sendConnectors.get();
        } catch (RuntimeException e) {
            errors.add(rootMessage(e));
        }
        if (send != null) {
            for (String domain : acceptedDomains.domains()) {
                if (send.select(domain).isEmpty()) {
                    errors.add("caravan.accepted-domains: '" + domain + "' is accepted but no send connector covers it"
                            + " (add it to a caravan.send-connectors.<name>.address-spaces)");
                }
            }
        }
        if (!errors.isEmpty()) {
            String message = "Invalid configuration:\n  - " + String.join("\n  - ", errors);
            LOG.error(message);
            throw new IllegalStateException(message);
        }
    }

    private static void checkReceiveConnector(String name, ReceiveConnectorsConfig.ReceiveConnector c, List<String> errors) {
        String key = "caravan.receive-connectors." + name;
        if (c.port() < 0 || c.port() > 65535) {
            errors.add(key + ".port: " + c.port() + " is outside 0-65535");
        }
        if (c.maxMessageSize() < 1024) {
            errors.add(key + ".max-message-size: " + c.maxMessageSize() + " is below 1024 bytes");
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
        attempt(errors, () -> IpRanges.parse(c.relayRanges().orElse(List.of())), key + ".relay-ranges");
        attempt(errors, () -> IpRanges.parse(c.remoteRanges().orElse(List.of())), key + ".remote-ranges");
        if (c.maxMessagesPerMinutePerIp() < 0) {
            errors.add(key + ".max-messages-per-minute-per-ip: must be 0 (no limit) or more");
        }
    }

    private static void attempt(List<String> errors, Runnable check, String key) {
        try {
            check.run();
        } catch (RuntimeException e) {
            Throwable t = e;
            while (!(t instanceof IllegalArgumentException) && t.getCause() != null && t.getCause() != t) {
                t = t.getCause(); // CDI wraps what a bean's constructor threw
            }
            errors.add(key.isEmpty() ? t.getMessage() : key + ": " + t.getMessage());
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
