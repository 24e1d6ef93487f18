// Sends DNS queries through dnsjava to the configured resolvers (caravan.dns.servers) or the system's.
package io.caravan.routing;

import io.caravan.config.CaravanConfig;
import jakarta.inject.Singleton;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

/**
 * One query, one answer, with the response code kept: callers must tell NXDOMAIN (permanent) from
 * SERVFAIL or a timeout (temporary), which dnsjava's Lookup folds together.
 */
@Singleton
public class DnsClient {

    /** The outcome of one query: the response code and the answer records. */
    public record Answer(int rcode, List<Record> records) {
        public boolean isNxdomain() {
            return rcode == Rcode.NXDOMAIN;
        }
    }

    /** A lookup that could not be answered now (timeout, SERVFAIL, REFUSED, network error). */
    public static final class TemporaryDnsFailure extends Exception {
        public TemporaryDnsFailure(String message) {
            super(message);
        }
    }

    private final Resolver resolver;

    public DnsClient(CaravanConfig config) {
        this.resolver = createResolver(config.dns().servers().orElse(List.of()), config.dns().timeout());
    }

    static Resolver createResolver(List<String> servers, Duration timeout) {
        try {
            ExtendedResolver r;
            if (servers.isEmpty()) {
                r = new ExtendedResolver(); // the system's resolvers (resolv.conf)
            } else {
                List<Resolver> configured = new java.util.ArrayList<>();
                for (String s : servers) {
                    HostAndPort hp = HostAndPort.parse(s, 53);
                    configured.add(new SimpleResolver(new InetSocketAddress(java.net.InetAddress.getByName(hp.host()), hp.port())));
                }
                r = new ExtendedResolver(configured);
            }
            r.setTimeout(timeout);
            r.setRetries(1);
            return r;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("caravan.dns.servers: " + e.getMessage());
        }
    }

    public Answer query(String name, int type) throws TemporaryDnsFailure {
        Name qname;
        try {
            String ascii = io.caravan.mail.Domains.ascii(name);
            qname = Name.fromString(ascii.endsWith(".") ? ascii : ascii + ".");
        } catch (TextParseException e) {
            return new Answer(Rcode.NXDOMAIN, List.of());
        }
        Message response;
        try {
            response = resolver.send(Message.newQuery(Record.newRecord(qname, type, DClass.IN)));
        } catch (IOException e) {
            throw new TemporaryDnsFailure("DNS lookup of " + name + " failed: " + e.getMessage());
        }
        int rcode = response.getRcode();
        if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
            throw new TemporaryDnsFailure("DNS lookup of " + name + " failed: " + Rcode.string(rcode));
        }
        return new Answer(rcode, response.getSection(Section.ANSWER));
    }
}
