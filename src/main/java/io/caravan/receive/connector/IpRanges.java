// A set of CIDR ranges (IPv4 and IPv6), such as a receive connector's relay-ranges.
package io.caravan.receive.connector;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

public final class IpRanges {

    private record Range(byte[] network, int prefix) {
        boolean contains(byte[] addr) {
            if (addr.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (addr[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xff << (8 - rest) & 0xff;
            return (addr[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Range> ranges;

    private IpRanges(List<Range> ranges) {
        this.ranges = ranges;
    }

    /**
     * Parses "192.0.2.0/24", "2001:db8::/32" or a single address. Only literal addresses are
     * accepted (no host names), so parsing never touches DNS.
     *
     * @throws IllegalArgumentException naming the bad entry
     */
    public static IpRanges parse(List<String> cidrs) {
        List<Range> out = new ArrayList<>();
        for (String cidr : cidrs) {
            out.add(parseOne(cidr.strip()));
        }
        return new IpRanges(List.copyOf(out));
    }

    private static Range parseOne(String cidr) {
        int slash = cidr.indexOf('/');
        String addr = slash < 0 ? cidr : cidr.substring(0, slash);
        byte[] network = literal(addr);
        if (network == null) {
            throw new IllegalArgumentException("'" + cidr + "' is not an IP address or CIDR range");
        }
        int max = network.length * 8;
        int prefix = max;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(cidr.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > max) {
                throw new IllegalArgumentException("'" + cidr + "' has a prefix length outside 0-" + max);
            }
        }
        return new Range(network, prefix);
    }

    /** Dotted-quad IPv4 (all four octets) or an IPv6 literal; null otherwise. Never a DNS lookup. */
    private static byte[] literal(String addr) {
        if (addr.matches("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})")) {
            String[] parts = addr.split("\\.");
            byte[] out = new byte[4];
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(parts[i]);
                if (octet > 255) {
                    return null;
                }
                out[i] = (byte) octet;
            }
            return out;
        }
        if (!addr.contains(":") || !addr.matches("[0-9A-Fa-f:.]+")) {
            return null;
        }
        try {
            return InetAddress.getByName(addr).getAddress(); // an IPv6 literal: parsed, not looked up
        } catch (UnknownHostException e) {
            return null;
        }
    }

    public boolean contains(InetAddress address) {
        byte[] addr = address.getAddress();
        for (Range r : ranges) {
            if (r.contains(addr)) {
                return true;
            }
        }
        return false;
    }
}
