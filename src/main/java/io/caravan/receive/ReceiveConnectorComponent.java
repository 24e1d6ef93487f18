// Camel component "receive-connector": one SMTP server endpoint per configured receive connector.
package io.caravan.receive;

import io.caravan.config.Postmaster;
import io.caravan.receive.auth.Authenticator;
import io.caravan.receive.connector.ConnectorSecurity;
import io.caravan.receive.connector.IpRanges;
import io.caravan.receive.connector.ReceiveConnectorsConfig;
import io.caravan.config.ServerIdentity;
import io.caravan.delivery.DeliveryConfig;
import io.caravan.mail.InspectionGate;
import io.caravan.queue.MessageSpool;
import io.caravan.receive.hook.SmtpHooks;
import io.caravan.tracking.MessageEvents;
import io.vertx.core.Vertx;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Named;
import io.caravan.config.CaravanConfig;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Used in routes/10-receive.yaml as {@code from: receive-connector:<name>}; the name selects
 * {@code caravan.receive-connectors.<name>} (Exchange: a Receive connector).
 */
@Singleton
@Named("receive-connector")
public class ReceiveConnectorComponent extends DefaultComponent {

    private static final Logger LOG = Logger.getLogger(ReceiveConnectorComponent.class);

    private final ReceiveConnectorsConfig config;
    private final ServerIdentity identity;
    private final Postmaster postmaster;
    private final SmtpHooks hooks;
    private final SmtpVerbs verbs;
    private final Vertx vertx;
    private final Duration expiry;
    private final MessageEvents events;
    private final Authenticator authenticator;
    private final io.caravan.receive.tls.TlsSettings tls;
    private final MessageSpool spool;
    private final Instance<InspectionGate> gate;
    private final Map<String, SmtpServer> servers = new ConcurrentHashMap<>();
    private final SubmissionWatch submissionWatch = new SubmissionWatch();

    public ReceiveConnectorComponent(ReceiveConnectorsConfig config, ServerIdentity identity, Postmaster postmaster,
            SmtpHooks hooks, Vertx vertx, DeliveryConfig delivery, MessageEvents events, Authenticator authenticator,
            io.caravan.receive.tls.TlsSettings tls, MessageSpool spool, SmtpVerbs verbs, Instance<InspectionGate> gate) {
        this.verbs = verbs;
        this.gate = gate;
        this.tls = tls;
        this.spool = spool;
        this.events = events;
        this.authenticator = authenticator;
        this.config = config;
        this.identity = identity;
        this.postmaster = postmaster;
        this.hooks = hooks;
        this.vertx = vertx;
        this.expiry = delivery.expiry();
    }

    /**
     * SIGTERM (Kubernetes stopping the pod): before Camel stops a route, every receive connector drains (new clients
     * get 421 4.3.2, transactions in flight finish) for at most caravan.drain-timeout. Quarkus fires ShutdownEvent
     * while the routes and the broker still run, so the messages finishing now are queued as usual.
     */
    void drainAtShutdown(@Observes ShutdownEvent event, CaravanConfig config) {
        if (servers.isEmpty()) {
            return;
        }
        servers.values().forEach(SmtpServer::drain);
        long deadline = System.nanoTime() + config.drainTimeout().toNanos();
        while (!servers.values().stream().allMatch(SmtpServer::drained) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50); // a stop-time wait for remote clients; nothing to be notified of
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (!servers.values().stream().allMatch(SmtpServer::drained)) {
            LOG.warnf("Receive connectors: sessions still open after caravan.drain-timeout (%s); they are closed"
                    + " with 421 4.3.2 and their unfinished messages are not queued", config.drainTimeout());
        }
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        getCamelContext().getManagementStrategy().addEventNotifier(submissionWatch);
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
        if (!config.receiveConnectors().containsKey(remaining)) {
            throw new IllegalArgumentException("No receive connector '" + remaining + "' is configured under caravan.receive-connectors"
                    + " (configured: " + config.receiveConnectors().keySet() + ")");
        }
        return new ReceiveConnectorEndpoint(uri, this, remaining);
    }

    ConnectorContext connectorContext(String name, ConnectorContext.Submitter submitter) {
        ReceiveConnectorsConfig.ReceiveConnector settings = config.receiveConnectors().get(name);
        return new ConnectorContext(name, settings, identity.hostname(), postmaster.address(),
                IpRanges.parse(settings.relayRanges().orElse(List.of())), IpRanges.parse(settings.remoteRanges().orElse(List.of())),
                ConnectorSecurity.of(name, settings, authenticator), hooks, verbs, spool, submitter);
    }

    /** The certificate and key every TLS connector uses: configured PEM files, or a generated self-signed pair. */
    io.caravan.receive.tls.TlsMaterial tlsMaterial() {
        return tls.material();
    }

    void register(String name, SmtpServer server) {
        servers.put(name, server);
    }

    Vertx vertx() {
        return vertx;
    }

    /** The inspection agents' answer to "does any of you look at this MAIL or RCPT?"; none when no agents are deployed. */
    InspectionGate inspectionGate() {
        return gate.isResolvable() ? gate.get() : InspectionGate.NONE;
    }

    Duration expiry() {
        return expiry;
    }

    MessageEvents events() {
        return events;
    }

    /** The port a connector actually listens on (differs from the configured one when that is 0). */
    public OptionalInt boundPort(String connector) {
        SmtpServer s = servers.get(connector);
        return s == null || s.boundPort() == 0 ? OptionalInt.empty() : OptionalInt.of(s.boundPort());
    }
}
