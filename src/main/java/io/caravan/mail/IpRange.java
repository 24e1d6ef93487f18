// One IP address or CIDR range (IPv4 or IPv6) written as a literal: relay ranges, allow and block lists.
package io.caravan.mail;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Parsed from "192.0.2.0/24", "2001:db8::/32" or a single address. Only literal addresses are
 * accepted (no host names), so parsing never touches DNS. An IPv4 range never contains an IPv6
 * address, not even an IPv4-mapped one: the JDK already hands IPv4 clients over as IPv4.
 */
public final class IpRange {

    private final byte[] network;
    private final int prefix;
    private final String text;

    private IpRange(byte[] network, int prefix, String text) {
        this.network = network;
        this.prefix = prefix;
        this.text = text;
    }

    /** @throws IllegalArgumentException naming the bad entry */
    public static IpRange parse(String cidr) {
        String t = cidr.strip();
        int slash = t.indexOf('/');
        String addr = slash < 0 ? t : t.substring(0, slash);
        byte[] network = literal(addr);
        if (network == null) {
            throw new IllegalArgumentException("'" + t + "' is not an IP address or CIDR range");
        }
        int max = network.length * 8;
        int prefix = max;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(t.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > max) {
                throw new IllegalArgumentException("'" + t + "' has a prefix length outside 0-" + max);
            }
        }
        return new IpRange(network, prefix, t);
    }

    /** The address a literal denotes, or null when the text is not a dotted-quad IPv4 or an IPv6 literal. */
    public static InetAddress address(String text) {
        byte[] bytes = literal(text.strip());
        try {
            return bytes == null ? null : InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            return null; // cannot happen for 4 or 16 bytes
        }
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

    /** As written in the configuration or file. */
    @Override
    public String toString() {
        return text;
    }
}
