// Destination step 1: which send connector and next hop Caravan would choose for the domain, and why.
package io.caravan.diagnostics.destination;

import io.caravan.diagnostics.DiagnosticCheck;
import io.caravan.diagnostics.Findings;
import io.caravan.routing.AcceptedDomains;
import io.caravan.routing.NextHopAddress;
import io.caravan.routing.NextHopResolver;
import io.caravan.routing.NoRouteException;
import io.caravan.routing.SendConnector;
import io.caravan.routing.SendConnectors;

import java.util.Optional;

/** The same choice the categorizer makes ({@link SendConnectors#select}), and for smarthosts the same resolution. */
public final class RouteDryRun implements DiagnosticCheck {

    private static final String STEP = "routing";

    private final Destination destination;
    private final SendConnectors connectors;
    private final AcceptedDomains accepted;
    private final NextHopResolver resolver;

    public RouteDryRun(Destination destination, SendConnectors connectors, AcceptedDomains accepted, NextHopResolver resolver) {
        this.destination = destination;
        this.connectors = connectors;
        this.accepted = accepted;
        this.resolver = resolver;
    }

    @Override
    public void run(Findings out) {
        String domain = destination.target.domain();
        if (accepted.contains(domain)) {
            out.ok(STEP, domain + " is one of our accepted domains: Caravan receives its mail from anyone.", "caravan.accepted-domains");
        }
        Optional<SendConnector> chosen = connectors.select(domain);
        if (chosen.isEmpty()) {
            out.failure(STEP, "No send connector covers " + domain + ": mail to it bounces with 550 5.4.4.",
                    "send connectors: " + connectors.all().stream().map(c -> c.name() + " " + c.addressSpaces()).toList(),
                    "Add " + domain + " (or \"*\") to the address-spaces of a send connector (caravan.send-connectors.<name>.address-spaces).");
            return;
        }
        SendConnector c = chosen.get();
        destination.connector = c;
        String why = "send connector '" + c.name() + "' covers it most specifically (address spaces " + c.addressSpaces() + ")";
        switch (c.kind()) {
            case MX -> out.ok(STEP, "Mail to " + domain + " goes by MX lookup on port " + c.port() + ", next hop " + c.nextHop(domain) + ".", why);
            case MAILDIR -> out.ok(STEP, "Mail to " + domain + " is delivered into the local Maildir " + c.maildir() + ".", why);
            case SMARTHOST -> smarthosts(out, c, why);
        }
    }

    private void smarthosts(Findings out, SendConnector c, String why) {
        out.ok(STEP, "Mail to " + destination.target.domain() + " goes to the smarthosts " + c.smarthosts() + ", next hop " + c.name() + ".", why);
        try {
            for (NextHopAddress a : resolver.resolve(c, c.name())) {
                destination.addresses.add(a);
            }
        } catch (NoRouteException e) {
            out.failure(STEP, "The smarthosts of send connector '" + c.name() + "' do not resolve: mail waits in the queue.",
                    e.reply().toString(), "Check caravan.send-connectors." + c.name() + ".smarthosts and the host's DNS or /etc/hosts.");
        }
    }
}
