// Test fixture for inspection agents: Agents with chosen settings, a loopback DNS, and exchanges as the receive route makes them.
package io.caravan.check;

import io.caravan.config.CaravanConfig;
import io.caravan.config.ServerIdentity;
import io.caravan.dns.DnsService;
import io.caravan.mail.CaravanHeaders;
import io.caravan.mail.ClientTrust;
import io.caravan.mail.Envelope;
import io.caravan.mail.MailAddress;
import io.caravan.mail.RawMessage;
import io.caravan.testing.ConfigStub;
import io.caravan.testing.DnsResponder;
import io.caravan.tracking.MessageEvents;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Public so agents in other packages (io.caravan.filter.*) test against the same Agents. */
public final class AgentFixture implements AutoCloseable {

    public static final String HOSTNAME = "mx.caravan.test";

    public final DnsResponder dns = DnsResponder.start();
    public final DnsService dnsService = DnsService.using(List.of(dns.address()), Duration.ofMillis(500));
    public final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    public final ServerIdentity identity = new ServerIdentity(ConfigStub.of(CaravanConfig.class, Map.of("hostname", Optional.of(HOSTNAME))));
    public final Agents agents;

    public AgentFixture() {
        this(Map.of());
    }

    /** @param settings agent name to {action, applies-to} as written in caravan.checks */
    public AgentFixture(Map<String, ChecksConfig.Agent> settings) {
        this(true, settings);
    }

    public AgentFixture(boolean enabled, Map<String, ChecksConfig.Agent> settings) {
        this(enabled, settings, null);
    }

    /** @param allowList the client allow list the anti-spam agents consult, or null for none */
    public AgentFixture(boolean enabled, Map<String, ChecksConfig.Agent> settings, AllowList allowList) {
        ChecksConfig config = ConfigStub.of(ChecksConfig.class, Map.of("enabled", enabled, "agents", settings));
        this.agents = new Agents(config, List.of(), allowList == null ? List.of() : List.of(allowList), new MessageEvents(), metrics);
    }

    /** Settings for one agent as caravan.checks.&lt;name&gt; would give them; no trusts: the agent's default. */
    public static ChecksConfig.Agent settings(String action, String... appliesTo) {
        return settings(action, List.of(), appliesTo);
    }

    /** @param connectors the receive connectors the agent applies to; empty: all */
    public static ChecksConfig.Agent settings(String action, List<String> connectors, String... appliesTo) {
        return ConfigStub.of(ChecksConfig.Agent.class, Map.of("action", Optional.ofNullable(action),
                "appliesTo", appliesTo.length == 0 ? Optional.empty() : Optional.of(List.of(appliesTo)),
                "connectors", connectors.isEmpty() ? Optional.empty() : Optional.of(connectors)));
    }

    /** An exchange as the receive connector hands it to the route. */
    public static Exchange exchange(String message, String mailFrom, String clientIp, String helo, ClientTrust trust) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getIn().setBody(RawMessage.of(message.getBytes(StandardCharsets.UTF_8)));
        new Envelope("QID1", mailFrom.isEmpty() ? MailAddress.NULL_SENDER : MailAddress.parse(mailFrom),
                List.of(MailAddress.parse("user@example.com")), "7BIT", "default", clientIp, helo, 0, Long.MAX_VALUE, 0)
                .writeTo(exchange.getIn().getHeaders());
        exchange.getIn().setHeader(CaravanHeaders.CLIENT_TRUST, trust.wire());
        return exchange;
    }

    public static String body(Exchange exchange) {
        return new String(exchange.getIn().getBody(RawMessage.class).head(), StandardCharsets.UTF_8); // small messages: head is all
    }

    @Override
    public void close() {
        dns.close();
    }
}
