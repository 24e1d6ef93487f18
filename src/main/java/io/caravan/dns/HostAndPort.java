// A "host[:port]" setting: smarthosts and DNS servers; IPv6 literals in brackets.
package io.caravan.dns;

public record HostAndPort(String host, int port) {

    /** @throws IllegalArgumentException when the text is not host[:port] with a port in 1-65535 */
    public static HostAndPort parse(String text, int defaultPort) {
        String t = text.strip();
        String host;
        String port = null;
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + text + "' has an unterminated [IPv6] literal");
            }
            host = t.substring(1, close);
            String rest = t.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("'" + text + "' is not host[:port]");
                }
                port = rest.substring(1);
            }
        } else {
            int colon = t.lastIndexOf(':');
            if (colon >= 0 && t.indexOf(':') != colon) {
                if (!isIpv6Literal(t)) {
                    throw new IllegalArgumentException("'" + text + "': write IPv6 addresses as [address]:port");
                }
                colon = -1; // a bare IPv6 address, default port
            }
            host = colon < 0 ? t : t.substring(0, colon);
            port = colon < 0 ? null : t.substring(colon + 1);
        }
        if (host.isEmpty() || host.contains(" ")) {
            throw new IllegalArgumentException("'" + text + "' has no host name");
        }
        int p = defaultPort;
        if (port != null) {
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                p = -1;
            }
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("'" + text + "' has a port outside 1-65535");
            }
        }
        return new HostAndPort(host, p);
    }

    /** Parsed as a literal by the JDK (a string with ':' is never looked up in DNS). */
    private static boolean isIpv6Literal(String s) {
        try {
            return java.net.InetAddress.getByName(s) instanceof java.net.Inet6Address;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
