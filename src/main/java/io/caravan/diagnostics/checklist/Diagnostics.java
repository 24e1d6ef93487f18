// The troubleshooting checklist as one bean: what `caravan diagnose` and GET /api/diagnose run.
package io.caravan.diagnostics.checklist;

import io.caravan.diagnostics.Diagnosis;
import io.caravan.diagnostics.DiagnosticsConfig;
import io.caravan.diagnostics.Report;
import io.caravan.diagnostics.RunLimit;

import io.caravan.config.CaravanConfig;
import io.caravan.config.Postmaster;
import io.caravan.diagnostics.configuration.ConfigurationChecks;
import io.caravan.diagnostics.configuration.ConnectorCoverage;
import io.caravan.diagnostics.configuration.ReceiveConnectorReview;
import io.caravan.diagnostics.configuration.ServerResources;
import io.caravan.diagnostics.trouble.RecentTrouble;
import io.caravan.queue.QueueViewer;
import io.caravan.tracking.TrackingRecorder;
import io.caravan.receive.ReceiveConnectorComponent;
import io.caravan.receive.connector.ReceiveConnectorsConfig;
import io.caravan.config.ServerIdentity;
import io.caravan.diagnostics.destination.DestinationChecks;
import io.caravan.diagnostics.destination.HostProbe;
import io.caravan.diagnostics.destination.Target;
import io.caravan.diagnostics.ourside.OurSideChecks;
import io.caravan.dns.DnsService;
import io.caravan.mail.MailAddress;
import io.caravan.routing.AcceptedDomains;
import io.caravan.routing.NextHopResolver;
import io.caravan.routing.SendConnectors;
import io.caravan.signing.OwnDnsCheck;
import jakarta.inject.Singleton;
import org.apache.camel.CamelContext;

import java.time.Clock;
import java.io.File;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.List;
import java.util.Optional;

/**
 * A destination gets point 1 (where its mail goes and what its hosts say) and the recent trouble of
 * its next hop; "self" gets points 2 to 4 (our side, our configuration, recent trouble of every next hop). Each run ends by caravan.diagnostics.deadline.
 */
@Singleton
public class Diagnostics {

    /** Runs at the same time; each holds a thread and sockets for up to the deadline. */
    static final int MAX_RUNS = 4;

    private final RunLimit runs = new RunLimit(MAX_RUNS);

    private final DiagnosticsConfig config;
    private final DnsService dns;
    private final SendConnectors connectors;
    private final AcceptedDomains accepted;
    private final NextHopResolver resolver;
    private final ServerIdentity identity;
    private final Postmaster postmaster;
    private final OwnDnsCheck ownDns;
    private final CaravanConfig core;
    private final ReceiveConnectorsConfig receive;
    private final CamelContext camel;
    private final QueueViewer queues;
    private final TrackingRecorder tracking;

    public Diagnostics(DiagnosticsConfig config, DnsService dns, SendConnectors connectors, AcceptedDomains accepted,
            NextHopResolver resolver, ServerIdentity identity, Postmaster postmaster, OwnDnsCheck ownDns, CaravanConfig core,
            ReceiveConnectorsConfig receive, CamelContext camel, QueueViewer queues, TrackingRecorder tracking) {
        this.config = config;
        this.dns = dns;
        this.connectors = connectors;
        this.accepted = accepted;
        this.resolver = resolver;
        this.identity = identity;
        this.postmaster = postmaster;
        this.ownDns = ownDns;
        this.core = core;
        this.receive = receive;
        this.camel = camel;
        this.queues = queues;
        this.tracking = tracking;
    }

    /** @throws IllegalArgumentException for a malformed domain or address, saying what is wrong */
    public Report destination(String target, Duration window) {
        Target t = Target.parse(target);
        Diagnosis d = new Diagnosis();
        DestinationChecks.add(d, t, dns, connectors, accepted, resolver, probeSettings(), Clock.systemUTC());
        connectors.select(t.domain()).map(c -> c.nextHop(t.domain())).ifPresent(hop ->
                d.add(RecentTrouble.SECTION, "tracking log", new RecentTrouble(tracking::store, window, Clock.systemUTC(), Optional.of(hop))));
        return run(d, t.toString());
    }

    public Report self(Duration window) {
        Diagnosis d = new Diagnosis();
        OurSideChecks.add(d, config.sendingAddresses().orElse(List.of()), config.blockLists(), accepted.domains().stream().sorted().toList(),
                dns, identity.hostname(), Optional.of(ownDns));
        List<String> domains = accepted.domains().stream().sorted().toList();
        ServerResources.Settings resources = new ServerResources.Settings(core.tls().certificate(),
                receive.receiveConnectors().values().stream().anyMatch(c -> c.port() == 25), new File(core.dataDir()),
                core.backPressure().minFreeDisk().asLongValue(), core.backPressure().minFreeHeap().asLongValue(),
                () -> queues.counts().toString());
        ConfigurationChecks.add(d, new ConnectorCoverage(domains, connectors),
                new ReceiveConnectorReview(receive.receiveConnectors(), this::boundPort, core.auth().usersFile()),
                new ServerResources(resources, Clock.systemUTC()));
        d.add(RecentTrouble.SECTION, "tracking log", new RecentTrouble(tracking::store, window, Clock.systemUTC()));
        return run(d, "self");
    }

    private Report run(Diagnosis d, String target) {
        return runs.run(() -> d.run(target, config.deadline()));
    }

    private OptionalInt boundPort(String connector) {
        ReceiveConnectorComponent c = camel.getComponent("receive-connector", ReceiveConnectorComponent.class);
        return c == null ? OptionalInt.empty() : c.boundPort(connector);
    }

    public Duration defaultWindow() {
        return config.window();
    }

    private HostProbe.Settings probeSettings() {
        MailAddress sender = config.probeSender().filter(s -> !s.isBlank()).map(MailAddress::parse).orElseGet(postmaster::address);
        return new HostProbe.Settings(config.connectTimeout(), config.replyTimeout(), config.maxHosts(), identity.hostname(), sender);
    }
}
