// Fuzzes SPF: a record under test (syntax, mechanisms, macros) and whole checks over a DNS zone the input writes.
package io.caravan.fuzz;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.caravan.check.spf.SpfChecker;
import io.caravan.check.spf.SpfDns;
import io.caravan.check.spf.SpfVerdict;
import io.caravan.dns.DnsTemporaryFailure;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Timeout;
import org.xbill.DNS.Address;

/**
 * SpfChecker answers every question with a verdict: a bad record is a permerror, a failed lookup a
 * temperror, never an exception (it has no documented rejection exception at all).
 */
class SpfFuzzer {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);

    /**
     * The input is the SPF record of example.com ("v=spf1 " is added when missing), checked for
     * an IPv4 and an IPv6 client against a small fixed zone, so its mechanisms, modifiers and
     * macros are parsed and evaluated.
     */
    @FuzzTest
    @Timeout(10)
    void spfRecord(byte[] input) {
        String record = FuzzInput.utf8(input);
        if (!record.regionMatches(true, 0, "v=spf1", 0, 6)) {
            record = "v=spf1 " + record;
        }
        Zone zone = new Zone();
        zone.add("example.com", "TXT", record);
        zone.add("example.com", "A", "192.0.2.10");
        zone.add("example.com", "AAAA", "2001:db8::10");
        zone.add("example.com", "MX", "mx.example.com");
        zone.add("mx.example.com", "A", "192.0.2.1");
        zone.add("mx.example.com", "AAAA", "2001:db8::1");
        zone.add("inc.example.com", "TXT", "v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 -all");
        zone.add("exp.example.com", "TXT", "%{i} %{s} %{l} %{o} %{d} %{h} %{c} %{r} %{t} %{v} %{p} is not allowed");
        zone.add("192.0.2.1", "PTR", "mx.example.com");
        zone.add("2001:db8::1", "PTR", "mx.example.com");
        SpfChecker checker = new SpfChecker(zone, "mx.caravan.test", CLOCK);
        for (String client : new String[] {"192.0.2.1", "2001:db8::1"}) {
            check(checker.check(zone.address(client), "first.last+tag@example.com", "mail.example.com"));
            check(checker.check(zone.address(client), "", "example.com"));
        }
    }

    /**
     * A whole check over a zone the input writes. First line: "client-ip mail-from helo" (missing
     * parts take defaults); then "name TYPE value" lines with TYPE one of TXT, A, AAAA, MX, PTR
     * (PTR lines are named by the address), and the value TEMPFAIL for a lookup that fails.
     */
    @FuzzTest
    @Timeout(10)
    void spfCheck(byte[] input) {
        String[] lines = FuzzInput.utf8(input).split("\n", -1);
        String[] first = lines[0].strip().split(" +", 3);
        Zone zone = new Zone();
        for (int i = 1; i < lines.length; i++) {
            String[] parts = lines[i].split(" ", 3);
            if (parts.length == 3) {
                zone.add(parts[0], parts[1], parts[2]);
            }
        }
        InetAddress client = zone.address(first.length > 0 ? first[0] : "");
        if (client == null) {
            client = zone.address("192.0.2.1");
        }
        String mailFrom = first.length > 1 ? first[1] : "alice@example.com";
        String helo = first.length > 2 ? first[2] : "mail.example.com";
        SpfChecker checker = new SpfChecker(zone, "mx.caravan.test", CLOCK);
        check(checker.check(client, mailFrom, helo));
        check(checker.checkHelo(client, helo));
    }

    private static void check(SpfVerdict verdict) {
        assertNotNull(verdict.result());
        assertNotNull(verdict.explanation());
    }

    /** A scripted DNS: answers from a map, TEMPFAIL as a failed lookup, nothing else ever asked of a resolver. */
    private static final class Zone implements SpfDns {

        private final Map<String, List<String>> records = new HashMap<>();

        void add(String name, String type, String value) {
            InetAddress named = type.equalsIgnoreCase("PTR") ? address(name) : null;
            String owner = named == null ? name : named.getHostAddress(); // PTR lines may write "2001:db8::1"
            records.computeIfAbsent(key(owner, type), k -> new ArrayList<>()).add(value);
        }

        private static String key(String name, String type) {
            return type.toUpperCase(Locale.ROOT) + " " + name.toLowerCase(Locale.ROOT);
        }

        private List<String> answer(String name, String type) throws DnsTemporaryFailure {
            List<String> values = records.getOrDefault(key(name, type), List.of());
            if (values.contains("TEMPFAIL")) {
                throw new DnsTemporaryFailure(type + " " + name + ": SERVFAIL");
            }
            return values;
        }

        /** An address literal only: never a host name lookup. */
        InetAddress address(String text) {
            byte[] bytes = Address.toByteArray(text, text.contains(":") ? Address.IPv6 : Address.IPv4);
            try {
                return bytes == null ? null : InetAddress.getByAddress(bytes);
            } catch (UnknownHostException e) {
                return null;
            }
        }

        private List<InetAddress> addresses(String name, String type, int length) throws DnsTemporaryFailure {
            List<InetAddress> out = new ArrayList<>();
            for (String value : answer(name, type)) {
                InetAddress a = address(value);
                if (a != null && a.getAddress().length == length) {
                    out.add(a);
                }
            }
            return out;
        }

        @Override
        public List<String> txt(String name) throws DnsTemporaryFailure {
            return answer(name, "TXT");
        }

        @Override
        public List<InetAddress> a(String name) throws DnsTemporaryFailure {
            return addresses(name, "A", 4);
        }

        @Override
        public List<InetAddress> aaaa(String name) throws DnsTemporaryFailure {
            return addresses(name, "AAAA", 16);
        }

        @Override
        public List<String> mx(String name) throws DnsTemporaryFailure {
            return answer(name, "MX");
        }

        @Override
        public List<String> ptr(InetAddress address) throws DnsTemporaryFailure {
            return answer(address.getHostAddress(), "PTR");
        }
    }
}
