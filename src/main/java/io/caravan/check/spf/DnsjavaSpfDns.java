// SpfDns over dnsjava: one query per lookup to the given resolvers, rcode kept, nothing cached.
package io.caravan.check.spf;

import io.caravan.routing.Resolvers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Sends {@code Message.newQuery} through an {@link ExtendedResolver} and reads the rcode itself:
 * NXDOMAIN and NOERROR-without-records are "nothing there", any other rcode, a timeout or a
 * network error is a {@link SpfDns.TemporaryFailure}. (dnsjava's {@code Lookup} would blur these
 * and cache across checks.) Truncated UDP answers are retried over TCP by dnsjava.
 */
public final class DnsjavaSpfDns implements SpfDns {

    private static final int DEFAULT_PORT = 53;

    private final Resolver resolver;

    /**
     * @param servers "host", "host:port", "[ipv6]:port" or a bare IPv6 address; empty means the
     *                system's resolvers (resolv.conf)
     * @param timeout how long one query may take before it is a temporary failure
     */
    public DnsjavaSpfDns(List<String> servers, Duration timeout) {
        this.resolver = Resolvers.of(servers, timeout);
    }

    @Override
    public List<String> txt(String name) throws TemporaryFailure {
        List<String> out = new ArrayList<>();
        for (Record r : answers(name, Type.TXT)) {
            // Raw bytes: getStrings() would escape non-ASCII and quotes, hiding them from the parser.
            ByteArrayOutputStream joined = new ByteArrayOutputStream();
            for (byte[] part : ((TXTRecord) r).getStringsAsByteArrays()) {
                joined.writeBytes(part);
            }
            out.add(joined.toString(StandardCharsets.UTF_8));
        }
        return out;
    }

    @Override
    public List<InetAddress> a(String name) throws TemporaryFailure {
        List<InetAddress> out = new ArrayList<>();
        for (Record r : answers(name, Type.A)) {
            out.add(((ARecord) r).getAddress());
        }
        return out;
    }

    @Override
    public List<InetAddress> aaaa(String name) throws TemporaryFailure {
        List<InetAddress> out = new ArrayList<>();
        for (Record r : answers(name, Type.AAAA)) {
            // From the rdata: getAddress() turns an IPv4-mapped AAAA into an Inet4Address.
            out.add(SpfAddresses.toInetAddress(((AAAARecord) r).rdataToWireCanonical()));
        }
        return out;
    }

    @Override
    public List<String> mx(String name) throws TemporaryFailure {
        List<MXRecord> records = new ArrayList<>();
        for (Record r : answers(name, Type.MX)) {
            records.add((MXRecord) r);
        }
        records.sort(Comparator.comparingInt(MXRecord::getPriority));
        List<String> out = new ArrayList<>();
        for (MXRecord mx : records) {
            out.add(text(mx.getTarget()));
        }
        return out;
    }

    @Override
    public List<String> ptr(InetAddress address) throws TemporaryFailure {
        List<String> out = new ArrayList<>();
        for (Record r : answers(ReverseMap.fromAddress(address), Type.PTR)) {
            out.add(text(((PTRRecord) r).getTarget()));
        }
        return out;
    }

    private List<Record> answers(String name, int type) throws TemporaryFailure {
        if (name.isEmpty()) {
            return List.of();
        }
        Name qname;
        try {
            // Backslashes are literal in SPF names but escapes in dnsjava's text form.
            qname = Name.fromString(name.replace("\\", "\\\\"), Name.root);
        } catch (TextParseException e) {
            return List.of(); // empty or over-long label: no such name can exist
        }
        return answers(qname, type);
    }

    private List<Record> answers(Name qname, int type) throws TemporaryFailure {
        Message response;
        try {
            response = resolver.send(Message.newQuery(Record.newRecord(qname, type, DClass.IN)));
        } catch (IOException e) {
            throw new TemporaryFailure(Type.string(type) + " lookup of " + qname + " failed: " + e.getMessage());
        }
        int rcode = response.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
            return List.of();
        }
        if (rcode != Rcode.NOERROR) {
            throw new TemporaryFailure(Type.string(type) + " lookup of " + qname + " failed: " + Rcode.string(rcode));
        }
        List<Record> out = new ArrayList<>();
        for (Record r : response.getSection(Section.ANSWER)) {
            if (r.getType() == type) { // CNAMEs on the way are followed by the server
                out.add(r);
            }
        }
        return out;
    }

    /** Absolute name without the trailing dot; the root (a null MX target) as ".". */
    private static String text(Name name) {
        String s = name.toString();
        return s.length() > 1 && s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }


    private static int port(String text, String server) throws UnknownHostException {
        try {
            int port = Integer.parseInt(text);
            if (port > 0 && port < 65536) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UnknownHostException("bad port in \"" + server + "\"");
    }
}
