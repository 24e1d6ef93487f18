// DmarcDns on dnsjava: one TXT query per name to the configured resolvers (or the system's), rcode kept.
package io.caravan.check.dmarc;

import io.caravan.routing.Resolvers;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends {@code Message.newQuery} itself rather than using dnsjava's {@code Lookup}, which folds
 * NXDOMAIN and SERVFAIL together: DMARC must treat the first as "no record" and the second as
 * temperror. Truncated UDP answers are retried over TCP by {@link SimpleResolver}.
 */
public final class DnsjavaDmarcDns implements DmarcDns {

    private final Resolver resolver;

    /**
     * @param servers "host", "host:port" or "[v6]:port"; empty means the system's resolvers
     * @param timeout per query, for each of the two tries
     */
    public DnsjavaDmarcDns(List<String> servers, Duration timeout) {
        this.resolver = Resolvers.of(servers, timeout);
    }

    @Override
    public List<String> txt(String name) throws TemporaryDnsFailure {
        Name qname;
        try {
            String ascii = OrganizationalDomain.normalize(name);
            qname = Name.fromString(ascii + ".");
        } catch (TextParseException e) {
            return List.of(); // a name DNS cannot carry (e.g. a label over 63 bytes) holds no record
        }
        Message response;
        try {
            response = resolver.send(Message.newQuery(Record.newRecord(qname, Type.TXT, DClass.IN)));
        } catch (IOException e) {
            throw new TemporaryDnsFailure("DNS lookup of " + name + " TXT failed: " + e.getMessage());
        }
        int rcode = response.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
            return List.of();
        }
        if (rcode != Rcode.NOERROR) {
            throw new TemporaryDnsFailure("DNS lookup of " + name + " TXT failed: " + Rcode.string(rcode));
        }
        List<String> out = new ArrayList<>();
        for (Record r : response.getSection(Section.ANSWER)) {
            if (r instanceof TXTRecord txt) {
                out.add(joined(txt));
            }
        }
        return out;
    }

    /** The raw character-strings concatenated; getStrings() would add zone-file escapes. */
    private static String joined(TXTRecord txt) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (byte[] s : txt.getStringsAsByteArrays()) {
            bytes.writeBytes(s);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
