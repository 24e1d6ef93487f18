// Finds the hosts to deliver a domain's mail to: MX by preference, A/AAAA fallback, null MX (RFC 5321 §5.1, RFC 7505).
package io.caravan.routing;

import io.caravan.dns.DnsAnswer;
import io.caravan.dns.DnsService;
import io.caravan.dns.DnsTemporaryFailure;
import io.caravan.mail.SmtpReply;
import jakarta.inject.Singleton;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Type;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

@Singleton
public class MxResolver {

    private final DnsService dns;

    public MxResolver(DnsService dns) {
        this.dns = dns;
    }

    /**
     * The addresses to try, in order: MX hosts by preference (equal preferences shuffled), each
     * host's IPv4 then IPv6 addresses.
     *
     * @throws NoRouteException 5xx for NXDOMAIN, null MX or hosts without addresses; 4xx for DNS failures
     */
    public List<NextHopAddress> resolve(String domain, int port) throws NoRouteException {
        List<String> hosts = mxHosts(domain);
        List<NextHopAddress> out = new ArrayList<>();
        String temporary = null;
        for (String host : hosts) {
            try {
                for (InetAddress a : dns.addresses(host)) {
                    out.add(new NextHopAddress(host, a, port));
                }
            } catch (DnsTemporaryFailure e) {
                temporary = e.getMessage();
            }
        }
        if (out.isEmpty()) {
            if (temporary != null) {
                throw new NoRouteException(SmtpReply.of(451, "4.4.3", temporary));
            }
            throw new NoRouteException(SmtpReply.of(550, "5.4.4", "No address records for the mail hosts of " + domain + " " + hosts));
        }
        return out;
    }

    private List<String> mxHosts(String domain) throws NoRouteException {
        DnsAnswer answer;
        try {
            answer = dns.query(domain, Type.MX);
        } catch (DnsTemporaryFailure e) {
            throw new NoRouteException(SmtpReply.of(451, "4.4.3", e.getMessage()));
        }
        if (answer.isNxdomain()) {
            throw new NoRouteException(SmtpReply.of(550, "5.1.2", "Domain " + domain + " does not exist (DNS NXDOMAIN)"));
        }
        List<MXRecord> mx = new ArrayList<>(DnsService.mx(answer));
        if (mx.isEmpty()) {
            return List.of(domain); // RFC 5321 §5.1: no MX, the domain itself is the implicit MX
        }
        if (mx.size() == 1 && mx.get(0).getTarget().labels() == 1) {
            throw new NoRouteException(SmtpReply.of(556, "5.1.10", "Domain " + domain + " does not accept mail (null MX)"));
        }
        Collections.shuffle(mx, ThreadLocalRandom.current());
        mx.sort(Comparator.comparingInt(MXRecord::getPriority));
        List<String> hosts = new ArrayList<>();
        for (MXRecord m : mx) {
            if (m.getTarget().labels() > 1) {
                hosts.add(m.getTarget().toString(true));
            }
        }
        return hosts;
    }
}
