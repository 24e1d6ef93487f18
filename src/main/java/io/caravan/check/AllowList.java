// Clients an administrator trusts not to send spam: the anti-spam agents skip their mail (Exchange's IP Allow list).
package io.caravan.check;

import java.net.InetAddress;

/** Implemented by the connection filter; {@link Agents} asks it before running an anti-spam agent. */
public interface AllowList {

    /** The allow list naming this client, e.g. "allow" or a DNS allow list zone; empty when it is on none. */
    java.util.Optional<String> listing(InetAddress client);

    /**
     * The same for the client of an inspection, which may also know what was learnt about it earlier in its
     * SMTP session ({@link Inspection#sessionAttributes()}); what {@link Agents} asks.
     */
    default java.util.Optional<String> listing(Inspection inspection) {
        return listing(inspection.client());
    }
}
