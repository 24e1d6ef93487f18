// Content filter settings (caravan.checks.content-filter): SCL thresholds, built-in rules, allow lists and rspamd.
package io.caravan.filter.content;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The keys beside {@code action} and {@code applies-to}, which {@code ChecksConfig} maps for every agent:
 * <pre>
 * caravan:
 *   checks:
 *     content-filter:
 *       tag-threshold: 5              # SCL 0-9 from which mail is tagged; "off" = never
 *       quarantine-threshold: "off"
 *       reject-threshold: 7           # 550 5.7.1
 *       delete-threshold: "off"       # accepted with 250 and dropped, tracked
 *       connector:
 *         inbound: { reject-threshold: 9 }   # per receive connector; unset keys fall back to the ones above
 *       subject-prefix: "[SPAM]"      # put before the Subject of tagged mail; unset = none
 *       rules:
 *         - { name: cheap-meds, where: body, phrase: "cheap meds", score: 3 }
 *         - { name: casino, where: Subject, pattern: "(?i)\\bcasino\\b", score: 4 }
 *       blocked-phrases: ["wire the money today"]     # SCL 9
 *       allowed-phrases: ["caravan quarterly report"] # SCL -1: not filtered
 *       allowed-senders: [ceo@partner.example]
 *       allowed-sender-domains: [partner.example, "*.partner.example"]
 *       allowed-recipients: [abuse@example.com]       # when every recipient is listed
 *       rspamd:
 *         url: http://127.0.0.1:11333  # unset = rspamd is not asked
 *         timeout: 10s
 *         password: ""                 # sent as header Password when set
 *         on-failure: hold             # hold (451 4.7.0) | accept (delivered, recorded as unscanned by rspamd)
 * </pre>
 */
@ConfigMapping(prefix = "caravan.checks.content-filter")
public interface ContentFilterConfig {

    /** SCL (0-9) from which mail is tagged, or "off". */
    @WithDefault("5")
    String tagThreshold();

    /** SCL from which mail is quarantined, or "off". */
    @WithDefault("off")
    String quarantineThreshold();

    /** SCL from which mail is refused with 550 5.7.1, or "off". */
    @WithDefault("7")
    String rejectThreshold();

    /** SCL from which mail is accepted and dropped, or "off". */
    @WithDefault("off")
    String deleteThreshold();

    /** Thresholds for one receive connector, by its name. */
    Map<String, Connector> connector();

    /** Text put before the Subject of tagged mail (with one space); unset or empty = none. */
    Optional<String> subjectPrefix();

    /** Built-in rules, each adding its score to the SCL when it matches. */
    Optional<List<Rule>> rules();

    /** A message containing one of these (Subject or body) is not filtered: SCL -1. */
    Optional<List<String>> allowedPhrases();

    /** A message containing one of these (Subject or body) gets SCL 9. */
    Optional<List<String>> blockedPhrases();

    /** MAIL FROM addresses whose mail is not filtered. */
    Optional<List<String>> allowedSenders();

    /** MAIL FROM domains whose mail is not filtered; "*.example.org" for its subdomains. */
    Optional<List<String>> allowedSenderDomains();

    /** RCPT TO addresses whose mail is not filtered, when all the recipients of the message are listed. */
    Optional<List<String>> allowedRecipients();

    Rspamd rspamd();

    interface Connector {
        Optional<String> tagThreshold();

        Optional<String> quarantineThreshold();

        Optional<String> rejectThreshold();

        Optional<String> deleteThreshold();
    }

    interface Rule {
        /** Short name, shown in the tracking log and the X-Caravan-Spam field. */
        String name();

        /** "body" (the decoded text parts) or a header field name such as Subject. */
        @WithDefault("body")
        String where();

        /** Words to find, ignoring case and runs of white space. */
        Optional<String> phrase();

        /** A Java regular expression, found anywhere in a field value or a body line. */
        Optional<String> pattern();

        /** SCL points added when the rule matches; may be negative. */
        int score();
    }

    interface Rspamd {
        /** Base URL of rspamd's normal worker, e.g. http://127.0.0.1:11333; unset = not used. */
        Optional<URI> url();

        /** How long one scan may take, connection included. */
        @WithDefault("10s")
        Duration timeout();

        /** Sent as header Password when set. */
        Optional<String> password();

        /** hold: 451 4.7.0 when rspamd cannot answer; accept: deliver and record that rspamd did not scan. */
        @WithDefault("hold")
        String onFailure();
    }
}
