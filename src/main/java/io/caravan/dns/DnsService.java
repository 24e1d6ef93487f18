// The one DNS client: every lookup Caravan makes (MX, SPF, DKIM keys, DMARC, block lists, PTR, TLSA) goes through here.
package io.caravan.dns;

import io.caravan.config.CaravanConfig;
import io.caravan.mail.Domains;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Section;
import org.xbill.DNS.TLSARecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One query, one answer, with the response code kept: NXDOMAIN and NOERROR are answers, anything
 * else (SERVFAIL, REFUSED, a timeout, a network error) is a {@link DnsTemporaryFailure}. dnsjava's
 * {@code Lookup} would fold these together and cache across checks, so queries are sent as messages
 * to the resolvers of {@code caravan.dns.servers} (or the system's), each with {@code caravan.dns.timeout}
 * and one retry; truncated UDP answers are retried over TCP by dnsjava. Nothing is cached here:
 * the recursive resolver does that.
 *
 * <p>Names are looked up in their ASCII form (IDNA A-labels); a name DNS cannot carry (an empty or
 * over-long label) has no records, as if it did not exist. A backslash is a literal character, never
 * a zone-file escape. Answers reached through a CNAME count as answers for the name asked.
 */
@Singleton
public class DnsService {

    private final Resolver resolver;

    @Inject
    public DnsService(CaravanConfig config) {
        this(Resolvers.of(config.dns().servers().orElse(List.of()), config.dns().timeout()));
    }

    /** For tools and tests: servers as "host", "host:port" or "[v6]:port"; empty for the system's resolvers. */
    public static DnsService using(List<String> servers, Duration timeout) {
        return new DnsService(Resolvers.of(servers, timeout));
    }

    DnsService(Resolver resolver) {
        this.resolver = resolver;
    }

    /** The records of {@code type} at {@code name}, with the response code. */
    public DnsAnswer query(String name, int type) throws DnsTemporaryFailure {
        Name qname = name(name);
        return qname == null ? DnsAnswer.nxdomain() : query(qname, type);
    }

    public DnsAnswer query(Name qname, int type) throws DnsTemporaryFailure {
        Message response;
        try {
            response = resolver.send(Message.newQuery(Record.newRecord(qname, type, DClass.IN)));
        } catch (IOException e) {
            throw new DnsTemporaryFailure("DNS lookup of " + text(qname) + " " + Type.string(type) + " failed: " + e.getMessage());
        }
        int rcode = response.getRcode();
        if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
            throw new DnsTemporaryFailure("DNS lookup of " + text(qname) + " " + Type.string(type) + " failed: " + Rcode.string(rcode), rcode);
        }
        List<Record> records = new ArrayList<>();
        for (Record r : response.getSection(Section.ANSWER)) {
            if (r.getType() == type) { // the CNAMEs on the way were followed by the resolver
                records.add(r);
            }
        }
        return new DnsAnswer(rcode, records);
    }

    /** One string per TXT record, its character-strings joined as raw bytes (UTF-8); empty for NXDOMAIN or none. */
    public List<String> txt(String name) throws DnsTemporaryFailure {
        return txtStrings(query(name, Type.TXT));
    }

    /**
     * The TXT records of an answer, each one's character-strings concatenated. Read as bytes:
     * {@code getStrings()} would add zone-file escapes and hide quotes and non-ASCII from parsers.
     */
    public static List<String> txtStrings(DnsAnswer answer) {
        List<String> out = new ArrayList<>();
        for (Record r : answer.records()) {
            ByteArrayOutputStream joined = new ByteArrayOutputStream();
            for (byte[] part : ((TXTRecord) r).getStringsAsByteArrays()) {
                joined.writeBytes(part);
            }
            out.add(joined.toString(StandardCharsets.UTF_8));
        }
        return out;
    }

    public List<InetAddress> a(String name) throws DnsTemporaryFailure {
        List<InetAddress> out = new ArrayList<>();
        for (Record r : query(name, Type.A).records()) {
            out.add(((ARecord) r).getAddress());
        }
        return out;
    }

    /** IPv6 addresses, always 16 bytes: an IPv4-mapped AAAA is not folded into an IPv4 address. */
    public List<InetAddress> aaaa(String name) throws DnsTemporaryFailure {
        List<InetAddress> out = new ArrayList<>();
        for (Record r : query(name, Type.AAAA).records()) {
            byte[] bytes = ((AAAARecord) r).rdataToWireCanonical();
            try {
                out.add(Inet6Address.getByAddress(null, bytes, -1)); // keeps 16 bytes even for a mapped address
            } catch (UnknownHostException e) {
                throw new IllegalStateException("an AAAA record of " + bytes.length + " bytes", e);
            }
        }
        return out;
    }

    /** The host's IPv4 addresses, then its IPv6 addresses. */
    public List<InetAddress> addresses(String host) throws DnsTemporaryFailure {
        List<InetAddress> out = new ArrayList<>(a(host));
        out.addAll(aaaa(host));
        return out;
    }

    /** MX records, lowest preference first (equal preferences in answer order); a null MX has the root as target. */
    public List<MXRecord> mx(String name) throws DnsTemporaryFailure {
        return mx(query(name, Type.MX));
    }

    public static List<MXRecord> mx(DnsAnswer answer) {
        List<MXRecord> out = new ArrayList<>();
        for (Record r : answer.records()) {
            out.add((MXRecord) r);
        }
        out.sort(Comparator.comparingInt(MXRecord::getPriority));
        return out;
    }

    /** Host names (without the trailing dot) that the reverse zone gives for the address. */
    public List<String> ptr(InetAddress address) throws DnsTemporaryFailure {
        List<String> out = new ArrayList<>();
        for (Record r : query(ReverseMap.fromAddress(address), Type.PTR).records()) {
            out.add(text(((PTRRecord) r).getTarget()));
        }
        return out;
    }

    /** The DANE records (RFC 7672) for an SMTP server: TLSA at _port._tcp.host. */
    public List<TLSARecord> tlsa(String host, int port) throws DnsTemporaryFailure {
        List<TLSARecord> out = new ArrayList<>();
        for (Record r : query("_" + port + "._tcp." + host, Type.TLSA).records()) {
            out.add((TLSARecord) r);
        }
        return out;
    }

    /** The absolute DNS name, or null when no DNS name can be written for the text. */
    static Name name(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return Name.fromString(Domains.ascii(text).replace("\\", "\\\\"), Name.root);
        } catch (TextParseException e) {
            return null;
        }
    }

    /** Absolute name without the trailing dot; the root (a null MX target) as ".". */
    public static String text(Name name) {
        String s = name.toString();
        return s.length() > 1 && s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
