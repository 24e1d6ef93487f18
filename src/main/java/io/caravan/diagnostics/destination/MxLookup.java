// Destination step 2: the domain's mail hosts as Caravan finds them (MX by preference, null MX, the address-record fallback).
package io.caravan.diagnostics.destination;

import io.caravan.diagnostics.DiagnosticCheck;
import io.caravan.diagnostics.Findings;
import io.caravan.dns.DnsAnswer;
import io.caravan.dns.DnsService;
import io.caravan.dns.DnsTemporaryFailure;
import io.caravan.routing.NextHopAddress;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

import java.net.InetAddress;
import java.util.List;

/**
 * Follows the rules of {@link io.caravan.routing.MxResolver} step by step so each outcome can be told
 * apart: NXDOMAIN (mail bounces), no MX (the domain's own addresses are used), null MX (the domain
 * takes no mail), SERVFAIL and no answer at all (mail waits and is retried). Equal preferences are
 * listed in answer order here; delivery shuffles them.
 */
public final class MxLookup implements DiagnosticCheck {

    private static final String STEP = "MX records";

    private final Destination destination;
    private final DnsService dns;

    public MxLookup(Destination destination, DnsService dns) {
        this.destination = destination;
        this.dns = dns;
    }

    @Override
    public void run(Findings out) {
        if (!destination.viaMx()) {
            return;
        }
        String domain = destination.target.domain();
        DnsAnswer answer;
        try {
            answer = dns.query(domain, Type.MX);
        } catch (DnsTemporaryFailure e) {
            out.failure(STEP, unanswered(e, "the MX records of " + domain), e.getMessage(), dnsAdvice(e, domain));
            return;
        }
        if (answer.isNxdomain()) {
            out.failure(STEP, domain + " does not exist (NXDOMAIN): mail to it bounces with 550 5.1.2.", "MX " + domain + ": NXDOMAIN",
                    "Check the spelling of the domain; if it is right, its owner must register it or fix its DNS delegation.");
            return;
        }
        List<MXRecord> mx = DnsService.mx(answer);
        if (mx.size() == 1 && mx.get(0).getTarget().labels() == 1) {
            out.failure(STEP, domain + " publishes a null MX: it accepts no mail (mail to it bounces with 556 5.1.10).",
                    mx.get(0).toString(), "Nothing to fix on our side: ask the recipient for another address.");
            return;
        }
        if (mx.isEmpty()) {
            out.warning(STEP, domain + " has no MX records; Caravan falls back to its address records (A/AAAA).",
                    "MX " + domain + ": NOERROR, no data", "If " + domain + " receives mail, its owner should publish MX records.");
            destination.mxHosts.add(domain);
        } else {
            out.ok(STEP, domain + " has " + mx.size() + " MX record(s).", String.join("\n", mx.stream().map(MXRecord::toString).toList()));
            for (MXRecord m : mx) {
                if (m.getTarget().labels() > 1) {
                    destination.mxHosts.add(DnsService.text(m.getTarget()));
                }
            }
        }
        for (String host : destination.mxHosts) {
            addresses(out, host);
        }
        if (destination.addresses.isEmpty()) {
            out.failure("mail hosts", "None of the mail hosts of " + domain + " has an address: mail to it cannot be delivered.",
                    destination.mxHosts.toString(), "The owner of " + domain + " must publish A or AAAA records for its MX hosts.");
        }
    }

    private void addresses(Findings out, String host) {
        String step = "address of " + host;
        try {
            List<InetAddress> found = dns.addresses(host);
            if (found.isEmpty()) {
                out.warning(step, host + " has no A or AAAA record.", "A/AAAA " + host + ": none",
                        "The owner of " + destination.target.domain() + " should publish an address for " + host + " or remove the MX.");
            } else {
                out.ok(step, host + " resolves.", String.join(", ", found.stream().map(InetAddress::getHostAddress).toList()));
                found.forEach(a -> destination.addresses.add(new NextHopAddress(host, a, destination.connector.port())));
            }
        } catch (DnsTemporaryFailure e) {
            out.warning(step, unanswered(e, "the address of " + host), e.getMessage(), dnsAdvice(e, host));
        }
    }

    /** SERVFAIL (the server answered that it could not) versus no answer at all (a timeout). */
    static String unanswered(DnsTemporaryFailure e, String what) {
        if (e.rcode() == DnsTemporaryFailure.UNANSWERED) {
            return "No answer from the DNS server for " + what + " (timed out or unreachable): mail waits and is retried.";
        }
        return "The DNS server answered " + Rcode.string(e.rcode()) + " for " + what + ": mail waits and is retried.";
    }

    static String dnsAdvice(DnsTemporaryFailure e, String name) {
        if (e.rcode() == DnsTemporaryFailure.UNANSWERED) {
            return "Check that the resolvers in caravan.dns.servers (or the system's) are reachable from this host, "
                    + "and caravan.dns.timeout; then try again.";
        }
        return "Usually the zone of " + name + " is broken (lame delegation, DNSSEC failure); if other domains resolve, "
                + "tell its owner. If every domain fails, check our resolvers (caravan.dns.servers).";
    }
}
