// Sends DNS queries through dnsjava to the configured resolvers (caravan.dns.servers) or the system's.
package io.caravan.routing;

import io.caravan.config.CaravanConfig;
import jakarta.inject.Singleton;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;

import java.io.IOException;
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
        this.resolver = Resolvers.of(config.dns().servers().orElse(List.of()), config.dns().timeout());
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
