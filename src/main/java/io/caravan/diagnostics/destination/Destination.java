// What the destination checks learn and pass on: the send connector chosen and the hosts to try, in order.
package io.caravan.diagnostics.destination;

import io.caravan.routing.NextHopAddress;
import io.caravan.routing.SendConnector;

import java.util.ArrayList;
import java.util.List;

/** Filled by {@link RouteDryRun} and {@link MxLookup}, read by {@link HostProbe} and {@link TransportPolicies}. */
public final class Destination {

    final Target target;
    SendConnector connector;
    /** MX host names in preference order (or the domain itself for the address-record fallback). */
    final List<String> mxHosts = new ArrayList<>();
    final List<NextHopAddress> addresses = new ArrayList<>();

    public Destination(Target target) {
        this.target = target;
    }

    public Target target() {
        return target;
    }

    /** Is delivery by SMTP to hosts found in DNS (as opposed to smarthosts or a local Maildir)? */
    boolean viaMx() {
        return connector != null && connector.kind() == SendConnector.Kind.MX;
    }
}
