// Our side, step 1: the addresses we send from: configured, or the source address of an outbound connection.
package io.caravan.diagnostics.ourside;

import io.caravan.diagnostics.DiagnosticCheck;
import io.caravan.diagnostics.Findings;
import io.caravan.mail.IpRange;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Behind NAT the address the world sees is not ours to find from inside; that is why
 * caravan.diagnostics.sending-addresses exists. Without it, the local address of the route to the
 * internet (a UDP "connect", which sends nothing) is used and said to be a guess.
 */
public final class SendingAddresses implements DiagnosticCheck {

    /** TEST-NET-2: routed like any internet address, never contacted (a UDP connect sends nothing). */
    private static final InetSocketAddress SOMEWHERE = new InetSocketAddress(IpRange.address("198.51.100.1"), 25);

    private final List<String> configured;
    private final List<InetAddress> found = new ArrayList<>();

    public SendingAddresses(List<String> configured) {
        this.configured = configured;
    }

    /** The addresses the following steps check; filled by {@link #run}. */
    public List<InetAddress> addresses() {
        return found;
    }

    @Override
    public void run(Findings out) {
        if (!configured.isEmpty()) {
            for (String text : configured) {
                InetAddress a = IpRange.address(text);
                if (a == null) {
                    out.failure("sending addresses", "'" + text + "' is not an IP address.", "caravan.diagnostics.sending-addresses",
                            "Write each sending address as an IPv4 or IPv6 literal.");
                } else {
                    found.add(a);
                }
            }
            out.ok("sending addresses", "Checking the configured sending addresses.", String.join(", ", configured));
            return;
        }
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(SOMEWHERE);
            InetAddress local = probe.getLocalAddress();
            if (local == null || local.isAnyLocalAddress()) {
                throw new IOException("no route to the internet");
            }
            found.add(local);
            if (local.isSiteLocalAddress() || local.isLoopbackAddress() || local.isLinkLocalAddress()) {
                out.warning("sending addresses", "Our outbound address " + local.getHostAddress()
                        + " is private: the internet sees a NAT address instead, which these checks cannot find.", local.getHostAddress(),
                        "Set caravan.diagnostics.sending-addresses to the public address(es) mail leaves from.");
            } else {
                out.ok("sending addresses", "Checking the address outbound connections leave from.", local.getHostAddress());
            }
        } catch (IOException | RuntimeException e) {
            out.warning("sending addresses", "Could not find the address we send from.", String.valueOf(e.getMessage()),
                    "Set caravan.diagnostics.sending-addresses to the public address(es) mail leaves from.");
        }
    }
}
