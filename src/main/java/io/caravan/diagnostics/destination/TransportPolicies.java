// Destination step 4: what the domain publishes about TLS for its mail: MTA-STS (RFC 8461), TLS-RPT (RFC 8460), DANE TLSA (RFC 7672).
package io.caravan.diagnostics.destination;

import io.caravan.diagnostics.DiagnosticCheck;
import io.caravan.diagnostics.Findings;
import io.caravan.dns.DnsService;
import io.caravan.dns.DnsTemporaryFailure;
import org.xbill.DNS.TLSARecord;

import java.util.List;
import java.util.Locale;

/**
 * Reported when present (absence is normal and says nothing is wrong). Caravan's STARTTLS is
 * opportunistic: a domain that publishes these expects verified TLS, so the certificate findings of
 * its hosts matter more.
 */
public final class TransportPolicies implements DiagnosticCheck {

    private final Destination destination;
    private final DnsService dns;

    public TransportPolicies(Destination destination, DnsService dns) {
        this.destination = destination;
        this.dns = dns;
    }

    @Override
    public void run(Findings out) {
        if (!destination.viaMx()) {
            return;
        }
        String domain = destination.target.domain();
        txt(out, "MTA-STS", "_mta-sts." + domain, "v=stsv1",
                "publishes MTA-STS: senders that enforce it require verified TLS; its policy is at https://mta-sts." + domain + "/.well-known/mta-sts.txt.");
        txt(out, "TLS-RPT", "_smtp._tls." + domain, "v=tlsrptv1", "asks for TLS reports (TLS-RPT) at the address in this record.");
        for (String host : destination.mxHosts) {
            try {
                List<TLSARecord> tlsa = dns.tlsa(host, destination.connector.port());
                if (!tlsa.isEmpty()) {
                    out.ok("TLSA " + host, host + " publishes DANE TLSA records: senders that validate DNSSEC require a matching certificate.",
                            String.join("\n", tlsa.stream().map(TLSARecord::toString).toList()));
                }
            } catch (DnsTemporaryFailure e) {
                out.warning("TLSA " + host, "The TLSA lookup failed; DANE senders would defer mail to " + host + ".", e.getMessage(),
                        "The owner of " + domain + " should check the DNS (and DNSSEC) of " + host + ".");
            }
        }
    }

    private void txt(Findings out, String step, String name, String version, String says) {
        try {
            List<String> found = dns.txt(name).stream().filter(t -> t.toLowerCase(Locale.ROOT).replace(" ", "").startsWith(version)).toList();
            if (found.size() == 1) {
                out.ok(step, destination.target.domain() + " " + says, name + " TXT \"" + found.get(0) + "\"");
            } else if (found.size() > 1) {
                out.warning(step, "More than one " + step + " record: senders ignore them all.", String.join("\n", found),
                        "The owner of " + destination.target.domain() + " should keep exactly one record at " + name + ".");
            }
        } catch (DnsTemporaryFailure e) {
            out.warning(step, "The " + step + " lookup failed.", e.getMessage(), MxLookup.dnsAdvice(e, name));
        }
    }
}
