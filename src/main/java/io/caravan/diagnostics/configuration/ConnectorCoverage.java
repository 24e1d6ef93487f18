// Configuration, step 1: every accepted domain is covered by a send connector that does not send it back out by MX.
package io.caravan.diagnostics.configuration;

import io.caravan.diagnostics.DiagnosticCheck;
import io.caravan.diagnostics.Findings;
import io.caravan.routing.SendConnector;
import io.caravan.routing.SendConnectors;

import java.util.List;
import java.util.Optional;

/** Mail accepted for our own domains must go somewhere inside: MX delivery of our own domain loops back to us. */
public final class ConnectorCoverage implements DiagnosticCheck {

    private final List<String> acceptedDomains;
    private final SendConnectors connectors;

    public ConnectorCoverage(List<String> acceptedDomains, SendConnectors connectors) {
        this.acceptedDomains = acceptedDomains;
        this.connectors = connectors;
    }

    @Override
    public void run(Findings out) {
        if (acceptedDomains.isEmpty()) {
            out.warning("accepted domains", "No accepted domains: Caravan receives mail for nobody from the internet.",
                    "caravan.accepted-domains: []", "List the domains this router receives mail for in caravan.accepted-domains.");
        }
        for (String domain : acceptedDomains) {
            String step = "route for " + domain;
            Optional<SendConnector> c = connectors.select(domain);
            if (c.isEmpty()) {
                out.failure(step, "Accepted domain " + domain + " is covered by no send connector: its mail bounces with 550 5.4.4.",
                        "send connectors: " + connectors.all().stream().map(SendConnector::name).toList(),
                        "Add a send connector for " + domain + " (smarthosts: your mailbox server, or maildir).");
            } else if (c.get().kind() == SendConnector.Kind.MX) {
                out.warning(step, "Accepted domain " + domain + " goes to send connector '" + c.get().name()
                        + "' by MX lookup, which points back to us: mail loops.", "address spaces " + c.get().addressSpaces(),
                        "Add a send connector with address-spaces [" + domain + "] and smarthosts (the mailbox server) or a maildir.");
            } else {
                out.ok(step, "Accepted domain " + domain + " goes to send connector '" + c.get().name() + "' (" + c.get().kind().name().toLowerCase() + ").",
                        c.get().kind() == SendConnector.Kind.MAILDIR ? String.valueOf(c.get().maildir()) : c.get().smarthosts().toString());
            }
        }
    }
}
