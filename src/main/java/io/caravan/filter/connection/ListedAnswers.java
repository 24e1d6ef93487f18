// Which A records from a DNS block or allow list mean "listed": e.g. 127.0.0.2-127.0.0.11.
package io.caravan.filter.connection;

import io.caravan.mail.IpRange;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A list's answers are 127.0.0.0/8 addresses by convention (RFC 5782 §2.3). Providers use
 * 127.255.255.0/24 for their own error codes (Spamhaus answers 127.255.255.254 to queries from
 * public resolvers, 127.255.255.255 over its rate limit): those are never a listing, whatever
 * the configured ranges say. Anything outside the configured ranges (a resolver that rewrites
 * NXDOMAIN to an advertising server, an answer about another list in the same zone) is not a listing either.
 */
public final class ListedAnswers {

    /** Provider error codes: never a listing. */
    static final IpRange ERROR_CODES = IpRange.parse("127.255.255.0/24");
    /** What counts when nothing is configured: any loopback answer that is not an error code. */
    static final ListedAnswers DEFAULT = new ListedAnswers(List.of(new Span(ipv4("127.0.0.0"), ipv4("127.255.255.255"))), "127.0.0.0/8");

    /** An inclusive span of IPv4 addresses as unsigned numbers. */
    private record Span(long first, long last) {
        boolean contains(long a) {
            return a >= first && a <= last;
        }
    }

    private final List<Span> spans;
    private final String text;

    private ListedAnswers(List<Span> spans, String text) {
        this.spans = spans;
        this.text = text;
    }

    /**
     * Each entry is an address ("127.0.0.2"), a span ("127.0.0.2-127.0.0.11") or a CIDR range ("127.0.0.0/24").
     *
     * @throws IllegalArgumentException naming the entry that is none of these, or a span that runs backwards
     */
    public static ListedAnswers parse(List<String> entries) {
        List<Span> out = new ArrayList<>();
        for (String entry : entries) {
            out.add(span(entry.strip()));
        }
        return new ListedAnswers(List.copyOf(out), String.join(", ", entries));
    }

    private static Span span(String entry) {
        int dash = entry.indexOf('-');
        if (dash >= 0) {
            long first = ipv4(entry.substring(0, dash).strip(), entry);
            long last = ipv4(entry.substring(dash + 1).strip(), entry);
            if (last < first) {
                throw new IllegalArgumentException("'" + entry + "' ends before it starts");
            }
            return new Span(first, last);
        }
        if (entry.contains("/")) {
            IpRange.parse(entry); // its own error message for a bad prefix
            String[] parts = entry.split("/");
            long base = ipv4(parts[0], entry);
            int prefix = Integer.parseInt(parts[1]);
            if (prefix > 32) {
                throw new IllegalArgumentException("'" + entry + "' is not an IPv4 range");
            }
            long size = 1L << (32 - prefix);
            long first = base & ~(size - 1) & 0xffffffffL;
            return new Span(first, first + size - 1);
        }
        long a = ipv4(entry, entry);
        return new Span(a, a);
    }

    private static long ipv4(String text, String entry) {
        InetAddress a = IpRange.address(text);
        if (!(a instanceof Inet4Address)) {
            throw new IllegalArgumentException("'" + entry + "' is not an IPv4 address, a-b span or CIDR range");
        }
        return number(a);
    }

    private static long ipv4(String text) {
        return ipv4(text, text);
    }

    private static long number(InetAddress a) {
        byte[] b = a.getAddress();
        return ((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL);
    }

    /** A listing: in the configured ranges and not a provider error code. */
    public boolean lists(InetAddress answer) {
        if (!(answer instanceof Inet4Address) || isErrorCode(answer)) {
            return false;
        }
        long a = number(answer);
        return spans.stream().anyMatch(s -> s.contains(a));
    }

    public static boolean isErrorCode(InetAddress answer) {
        return ERROR_CODES.contains(answer);
    }

    @Override
    public String toString() {
        return text;
    }
}
