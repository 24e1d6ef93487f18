// Troubleshooting settings (caravan.diagnostics.*): timeouts of each network step, the run's deadline, block lists, our addresses.
package io.caravan.diagnostics;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

@ConfigMapping(prefix = "caravan.diagnostics")
public interface DiagnosticsConfig {

    /** Time to establish a TCP connection to a remote host; past it the port is reported "timed out" (a firewall). */
    @WithDefault("10s")
    Duration connectTimeout();

    /** Time to wait for any one reply (banner, EHLO, STARTTLS handshake, MAIL, RCPT). */
    @WithDefault("30s")
    Duration replyTimeout();

    /** The whole run ends by then, whatever the remote hosts and DNS servers do (within the caravan command's 120 s request timeout). */
    @WithDefault("90s")
    Duration deadline();

    /** At most this many addresses of a destination are probed over SMTP. */
    @WithDefault("5")
    int maxHosts();

    /** MAIL FROM used when probing an address (RCPT TO); empty: the postmaster address. Nothing is ever sent. */
    Optional<String> probeSender();

    /** Our public sending addresses; empty: the address of the outbound connection (which NAT may hide). */
    Optional<List<String>> sendingAddresses();

    /** DNS block list zones our sending addresses are looked up in (RFC 5782). */
    @WithDefault("zen.spamhaus.org,bl.spamcop.net,b.barracudacentral.org,dnsbl.sorbs.net")
    List<String> blockLists();

    /** How far back "recent trouble" reads the tracking log when no window is given. */
    @WithDefault("1h")
    Duration window();
}
