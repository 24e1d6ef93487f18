// Looks DKIM key records up in DNS with dnsjava, through the configured resolvers (caravan.dns.servers) or the system's.
package io.caravan.check.dkim;

import io.caravan.routing.Resolvers;

import io.caravan.mail.Domains;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * NXDOMAIN and "no TXT record" are {@link DkimKeyLookup.NotFound}; SERVFAIL, REFUSED, timeouts and
 * network errors are {@link DkimKeyLookup.TemporaryFailure}. Character-strings are joined as raw
 * bytes (UTF-8), never through dnsjava's escaped text form.
 */
public final class DnsjavaKeyLookup implements DkimKeyLookup {

    private final Resolver resolver;

    /**
     * @param servers "host", "host:port" or "[v6]:port"; empty for the system's resolvers
     * @param timeout per query attempt (one retry)
     */
    public DnsjavaKeyLookup(List<String> servers, Duration timeout) {
        this.resolver = Resolvers.of(servers, timeout);
    }

    @Override
    public List<String> txt(String name) throws TemporaryFailure, NotFound {
        Name qname;
        try {
            String ascii = Domains.ascii(name);
            qname = Name.fromString(ascii.endsWith(".") ? ascii : ascii + ".");
        } catch (TextParseException e) {
            throw new NotFound(name + " is not a valid DNS name");
        }
        Message response;
        try {
            response = resolver.send(Message.newQuery(Record.newRecord(qname, Type.TXT, DClass.IN)));
        } catch (IOException e) {
            throw new TemporaryFailure("DNS lookup of " + name + " failed: " + e.getMessage());
        }
        int rcode = response.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
            throw new NotFound(name + " does not exist (NXDOMAIN)");
        }
        if (rcode != Rcode.NOERROR) {
            throw new TemporaryFailure("DNS lookup of " + name + " failed: " + Rcode.string(rcode));
        }
        List<String> out = new ArrayList<>();
        for (Record r : response.getSection(Section.ANSWER)) {
            if (r instanceof TXTRecord txt) {
                StringBuilder joined = new StringBuilder();
                for (byte[] part : txt.getStringsAsByteArrays()) {
                    joined.append(new String(part, StandardCharsets.UTF_8));
                }
                out.add(joined.toString());
            }
        }
        if (out.isEmpty()) {
            throw new NotFound(name + " has no TXT record");
        }
        return out;
    }
}
