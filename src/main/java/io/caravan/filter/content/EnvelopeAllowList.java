// The senders, sender domains and recipients whose mail the content filter lets through unscanned (Exchange's bypass lists).
package io.caravan.filter.content;

import io.caravan.mail.Domains;
import io.caravan.mail.Envelope;
import io.caravan.mail.MailAddress;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decided from the SMTP envelope, never from header fields a sender writes. Addresses compare
 * ignoring case; a domain entry {@code partner.example} matches that domain, {@code *.partner.example}
 * its subdomains. The recipient list bypasses only a message whose recipients are all listed, so one
 * listed address cannot carry spam past the filter to the others. The null sender is never listed.
 */
final class EnvelopeAllowList {

    /**
     * @param list which list matched: "sender", "sender-domain" or "recipients"
     * @param why  for the tracking log, e.g. "sender a@partner.example"
     */
    record Bypass(String list, String why) {
    }

    private final Set<String> senders;
    private final Set<String> domains;
    private final Set<String> recipients;

    EnvelopeAllowList(ContentFilterConfig config) {
        this.senders = lowerCase(config.allowedSenders().orElse(List.of()));
        this.domains = config.allowedSenderDomains().orElse(List.of()).stream()
                .map(d -> d.startsWith("*.") ? "*." + Domains.ascii(d.substring(2)) : Domains.ascii(d))
                .collect(Collectors.toSet());
        this.recipients = lowerCase(config.allowedRecipients().orElse(List.of()));
    }

    private static Set<String> lowerCase(List<String> addresses) {
        return addresses.stream().map(a -> a.strip().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    /** Why this envelope bypasses the filter, or empty. */
    Optional<Bypass> bypass(Envelope envelope) {
        MailAddress from = envelope.mailFrom();
        if (!from.isNullSender()) {
            if (senders.contains(from.address().toLowerCase(Locale.ROOT))) {
                return Optional.of(new Bypass("sender", "sender " + from.address()));
            }
            String domain = from.domainKey();
            if (domains.contains(domain) || domains.stream().anyMatch(d -> d.startsWith("*.") && domain.endsWith(d.substring(1)))) {
                return Optional.of(new Bypass("sender-domain", "sender domain " + domain));
            }
        }
        if (!recipients.isEmpty() && !envelope.recipients().isEmpty()
                && envelope.recipients().stream().allMatch(r -> recipients.contains(r.address().toLowerCase(Locale.ROOT)))) {
            return Optional.of(new Bypass("recipients", "recipients " + Envelope.joinRecipients(envelope.recipients()).replace('\n', ',')));
        }
        return Optional.empty();
    }
}
