// The connection filter's own keys (caravan.checks.connection-filter.*), beside action, applies-to and connectors.
package io.caravan.filter.connection;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * <pre>
 * caravan:
 *   checks:
 *     connection-filter:
 *       allow: [192.0.2.0/24]                    # IP allow list: skips the anti-spam agents
 *       block: ["198.51.100.7 expires=2027-01-01T00:00:00Z"]
 *       allow-file: /etc/caravan/allow.txt       # one entry a line, the same syntax; read again when it changes
 *       block-file: /etc/caravan/block.txt
 *       reload-every: 5s                         # how often the files' modification time is looked at, at most
 *       dns-allow-lists: [{zone: list.dnswl.example}]
 *       dns-block-lists:
 *         - zone: zen.spamhaus.org
 *           listed-answers: ["127.0.0.2-127.0.0.11"]
 *       exempt-recipients: [postmaster, abuse]   # local parts (at every accepted domain) or whole addresses
 * </pre>
 */
@ConfigMapping(prefix = "caravan.checks.connection-filter")
public interface ConnectionFilterConfig {

    /** Addresses and CIDR ranges, each perhaps followed by expires=&lt;ISO date-time&gt;. */
    Optional<List<String>> allow();

    Optional<List<String>> block();

    /** A file of allow entries, one a line ("#" comments); read again when it changes. */
    Optional<String> allowFile();

    Optional<String> blockFile();

    /** How often, at most, the allow and block files are looked at for a change. */
    @WithDefault("5s")
    Duration reloadEvery();

    /** DNS block list providers, asked in order until one lists the client. */
    Optional<List<DnsListSetting>> dnsBlockLists();

    /** DNS allow list providers: a listed client is not looked up in the block lists. */
    Optional<List<DnsListSetting>> dnsAllowLists();

    /** Recipients a blocked client may still write to: a local part alone means at every accepted domain. */
    @WithDefault("postmaster,abuse")
    List<String> exemptRecipients();

    interface DnsListSetting {
        /** The list's DNS zone, e.g. zen.spamhaus.org. */
        String zone();

        /** Which A records mean listed: addresses, a-b spans or CIDR ranges; unset: any 127.0.0.0/8 answer. */
        Optional<List<String>> listedAnswers();
    }
}
