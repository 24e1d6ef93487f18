// The recipient filter's own keys (caravan.checks.recipient-filter.*), beside action, applies-to and connectors.
package io.caravan.filter.recipient;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * <pre>
 * caravan:
 *   checks:
 *     recipient-filter:
 *       recipients-file: /etc/caravan/recipients.txt  # alice@example.com, @sales.example.com (catch-all); read again when it changes
 *       maildir: true                                 # mailboxes of maildir send connectors exist when their directory does
 *       reload-every: 5s
 *       blocked-recipients: [ex-employee@example.com]  # 550 5.7.1
 *       harvest: { delay-after: 5, delay: 2s, disconnect-after: 10 }
 *       action: reject                                # reject | ignore
 * </pre>
 */
@ConfigMapping(prefix = "caravan.checks.recipient-filter")
public interface RecipientFilterConfig {

    /** Addresses that exist, one a line; "@domain" makes every address of the domain exist. */
    Optional<String> recipientsFile();

    /** Validate the domains of maildir send connectors against their existing mailboxes. */
    @WithDefault("false")
    boolean maildir();

    /** How often, at most, the recipients file is looked at for a change. */
    @WithDefault("5s")
    Duration reloadEvery();

    /** Recipients refused whatever the directory says. */
    Optional<List<String>> blockedRecipients();

    HarvestSettings harvest();

    /** The directory-harvest defence, per SMTP session. */
    interface HarvestSettings {
        /** Unknown recipients after which every RCPT reply is delayed; 0: never. */
        @WithDefault("5")
        int delayAfter();

        /** The delay of each such reply (fixed, not growing). */
        @WithDefault("2s")
        Duration delay();

        /** The unknown recipient that gets 421 4.7.0 and the connection closed; 0: never. */
        @WithDefault("10")
        int disconnectAfter();
    }
}
