// One send connector as configured: where its address spaces are delivered, and how.
package io.caravan.routing;

import io.caravan.dns.HostAndPort;
import io.caravan.mail.Domains;

import java.nio.file.Path;
import java.util.List;

/** Exchange's Send connector: address spaces plus either MX lookup, smarthosts, or a local Maildir. */
public record SendConnector(String name, List<String> addressSpaces, Kind kind, List<HostAndPort> smarthosts, int port,
        Path maildir) {

    public enum Kind { MX, SMARTHOST, MAILDIR }

    /**
     * How specifically this connector covers a domain: -1 not at all, 0 for "*", otherwise the
     * length of the matching space, so "mail.example.com" beats "*.example.com" beats "*".
     */
    int specificity(String domain) {
        String d = Domains.ascii(domain);
        int best = -1;
        for (String space : addressSpaces) {
            if (space.equals("*")) {
                best = Math.max(best, 0);
            } else if (space.startsWith("*.")) {
                if (d.endsWith(space.substring(1))) {
                    best = Math.max(best, space.length() - 1);
                }
            } else if (d.equals(space)) {
                best = Math.max(best, space.length() + 1);
            }
        }
        return best;
    }

    /** The next hop a recipient domain is queued under: the domain for MX delivery, else the connector. */
    public String nextHop(String domain) {
        return kind == Kind.MX ? Domains.ascii(domain) : name;
    }
}
