// Finds the hosts to deliver a domain's mail to: MX by preference, A/AAAA fallback, null MX (RFC 5321 §5.1, RFC 7505).
package io.caravan.routing;

import io.caravan.mail.SmtpReply;
import jakarta.inject.Singleton;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

@Singleton
public class MxResolver {

    private final DnsClient dns;

    public MxResolver(DnsClient dns) {
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
                for (InetAddress a : addresses(host)) {
                    out.add(new NextHopAddress(host, a, port));
                }
            } catch (DnsClient.TemporaryDnsFailure e) {
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
        DnsClient.Answer answer;
        try {
            answer = dns.query(domain, Type.MX);
        } catch (DnsClient.TemporaryDnsFailure e) {
            throw new NoRouteException(SmtpReply.of(451, "4.4.3", e.getMessage()));
        }
        if (answer.isNxdomain()) {
            throw new NoRouteException(SmtpReply.of(550, "5.1.2", "Domain " + domain + " does not exist (DNS NXDOMAIN)"));
        }
        List<MXRecord> mx = new ArrayList<>();
        for (Record r : answer.records()) {
            if (r instanceof MXRecord m) {
                mx.add(m);
            }
        }
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

    private List<InetAddress> addresses(String host) throws DnsClient.TemporaryDnsFailure {
        List<InetAddress> out = new ArrayList<>();
        for (Record r : dns.query(host, Type.A).records()) {
            if (r instanceof ARecord a) {
                out.add(a.getAddress());
            }
        }
        for (Record r : dns.query(host, Type.AAAA).records()) {
            if (r instanceof AAAARecord a) {
                out.add(a.getAddress());
            }
        }
        return out;
    }
}
