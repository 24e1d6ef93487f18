// What hooks may know about the SMTP session they are asked about.
package io.caravan.receive.hook;

import java.net.InetAddress;
import java.util.Optional;

public interface SessionInfo {

    /** Name of the receive connector (caravan.receive-connectors.&lt;name&gt;). */
    String connector();

    InetAddress clientAddress();

    /** HELO/EHLO name, empty before the client greeted. */
    String heloName();

    /** True when the client address is in the connector's relay-ranges. */
    boolean isRelayClient();

    /** The authenticated user, when the client authenticated. */
    Optional<String> authenticatedUser();
}
