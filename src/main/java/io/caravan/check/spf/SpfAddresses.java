// IP address handling for SPF: strict literals, CIDR matching, and the i/c/v macro forms.
package io.caravan.check.spf;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.xbill.DNS.Address;

/** Addresses travel as 4 or 16 raw bytes; an IPv4-mapped IPv6 client is its IPv4 address. */
final class SpfAddresses {

    // qnum of RFC 7208 §5.6: 0-255 without leading zeros.
    private static final Pattern IP4 = Pattern.compile(
            "(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(?:\\.(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}");
    private static final Pattern IP6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final byte[] MAPPED_PREFIX = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff};

    private SpfAddresses() {
    }

    /** The client's bytes, with IPv4-mapped IPv6 (::ffff:a.b.c.d) folded to IPv4 (§5, §5.6). */
    static byte[] client(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 16 && isMapped(bytes)) {
            byte[] v4 = new byte[4];
            System.arraycopy(bytes, 12, v4, 0, 4);
            return v4;
        }
        return bytes;
    }

    static InetAddress toInetAddress(byte[] bytes) {
        try {
            // Inet6Address.getByAddress keeps 16 bytes even for a mapped address.
            return bytes.length == 4 ? InetAddress.getByAddress(bytes) : Inet6Address.getByAddress(null, bytes, -1);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + bytes.length + " bytes", e);
        }
    }

    /** A dotted quad with no leading zeros, or null. */
    static byte[] parseIp4(String text) {
        return IP4.matcher(text).matches() ? Address.toByteArray(text, Address.IPv4) : null;
    }

    /** An IPv6 literal (embedded IPv4 allowed), or null. Never consults DNS. */
    static byte[] parseIp6(String text) {
        if (!text.contains(":") || !IP6_CHARS.matcher(text).matches()) {
            return null;
        }
        return Address.toByteArray(text, Address.IPv6);
    }

    /** True if both are the same family and agree on the first {@code prefix} bits. */
    static boolean inNetwork(byte[] address, byte[] network, int prefix) {
        if (address.length != network.length) {
            return false;
        }
        int fullBytes = prefix / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int restBits = prefix % 8;
        if (restBits == 0) {
            return true;
        }
        int mask = (0xff << (8 - restBits)) & 0xff;
        return (address[fullBytes] & mask) == (network[fullBytes] & mask);
    }

    /** %{i}: dotted quad, or 32 dot-separated lowercase nibbles for IPv6 (§7.3). */
    static String macroI(byte[] address) {
        if (address.length == 4) {
            return dottedQuad(address);
        }
        StringBuilder out = new StringBuilder(63);
        for (byte b : address) {
            if (!out.isEmpty()) {
                out.append('.');
            }
            out.append(Character.forDigit((b >> 4) & 0xf, 16)).append('.').append(Character.forDigit(b & 0xf, 16));
        }
        return out.toString();
    }

    /** %{c}: dotted quad, or the RFC 5952 text form of an IPv6 address. */
    static String macroC(byte[] address) {
        return address.length == 4 ? dottedQuad(address) : ip6Text(address);
    }

    /** %{v}: "in-addr" or "ip6". */
    static String macroV(byte[] address) {
        return address.length == 4 ? "in-addr" : "ip6";
    }

    private static String dottedQuad(byte[] a) {
        return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
    }

    /** Lowercase, leading zeros dropped, the longest run of two or more zero groups as "::". */
    static String ip6Text(byte[] a) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (!out.isEmpty() && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]).toLowerCase(Locale.ROOT));
        }
        return out.toString();
    }

    private static boolean isMapped(byte[] bytes) {
        for (int i = 0; i < MAPPED_PREFIX.length; i++) {
            if (bytes[i] != MAPPED_PREFIX[i]) {
                return false;
            }
        }
        return true;
    }
}
