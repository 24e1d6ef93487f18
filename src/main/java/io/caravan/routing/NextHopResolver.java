// Turns a queued copy's send connector and next hop into the addresses to try, in order.
package io.caravan.routing;

import io.caravan.dns.HostAndPort;
import io.caravan.mail.SmtpReply;
import jakarta.inject.Singleton;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

@Singleton
public class NextHopResolver {

    private final MxResolver mx;

    public NextHopResolver(MxResolver mx) {
        this.mx = mx;
    }

    /**
     * MX connectors look up the next-hop domain; smarthost connectors use their relays in the
     * configured order, resolved by the system resolver (so /etc/hosts works as admins expect).
     * A smarthost that does not resolve is a temporary failure: a configuration slip must not bounce mail.
     */
    public List<NextHopAddress> resolve(SendConnector connector, String nextHop) throws NoRouteException {
        if (connector.kind() == SendConnector.Kind.MX) {
            return mx.resolve(nextHop, connector.port());
        }
        List<NextHopAddress> out = new ArrayList<>();
        String failure = null;
        for (HostAndPort hp : connector.smarthosts()) {
            try {
                for (InetAddress a : InetAddress.getAllByName(hp.host())) {
                    out.add(new NextHopAddress(hp.host(), a, hp.port()));
                }
            } catch (UnknownHostException e) {
                failure = "Smarthost " + hp.host() + " of send connector " + connector.name() + " does not resolve";
            }
        }
        if (out.isEmpty()) {
            throw new NoRouteException(SmtpReply.of(451, "4.4.3", failure == null ? "No smarthost configured" : failure));
        }
        return out;
    }
}
