// Point 1 of the checklist, in order: routing dry run, MX resolution, each host over SMTP, the domain's TLS policies.
package io.caravan.diagnostics.destination;

import io.caravan.diagnostics.Diagnosis;
import io.caravan.dns.DnsService;
import io.caravan.routing.AcceptedDomains;
import io.caravan.routing.NextHopResolver;
import io.caravan.routing.SendConnectors;

import java.time.Clock;

public final class DestinationChecks {

    public static final String SECTION = "destination";

    private DestinationChecks() {
    }

    public static Diagnosis add(Diagnosis diagnosis, Target target, DnsService dns, SendConnectors connectors, AcceptedDomains accepted,
            NextHopResolver resolver, HostProbe.Settings probe, Clock clock) {
        Destination d = new Destination(target);
        return diagnosis
                .add(SECTION, "routing", new RouteDryRun(d, connectors, accepted, resolver))
                .add(SECTION, "MX records", new MxLookup(d, dns))
                .add(SECTION, "mail hosts", new HostProbe(d, probe, new CertificateCheck(clock)))
                .add(SECTION, "TLS policies", new TransportPolicies(d, dns));
    }
}
