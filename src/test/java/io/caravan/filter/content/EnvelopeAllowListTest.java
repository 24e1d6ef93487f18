// Allow lists of senders, sender domains and recipients, decided from the SMTP envelope.
package io.caravan.filter.content;

import io.caravan.mail.Envelope;
import io.caravan.mail.MailAddress;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EnvelopeAllowListTest {

    private final EnvelopeAllowList lists = new EnvelopeAllowList(ContentFilterConfigTest.contentFilter(Map.of(
            "allowed-senders", "CEO@Partner.example",
            "allowed-sender-domains", "friends.example,*.group.example",
            "allowed-recipients", "abuse@example.com,postmaster@example.com")));

    private static Envelope envelope(String from, String... rcpts) {
        return new Envelope("Q1", from.isEmpty() ? MailAddress.NULL_SENDER : MailAddress.parse(from),
                Arrays.stream(rcpts).map(MailAddress::parse).toList(), "7BIT", "default", "192.0.2.1", "h", 0, 0, 0);
    }

    private Optional<String> list(String from, String... rcpts) {
        return lists.bypass(envelope(from, rcpts)).map(EnvelopeAllowList.Bypass::list);
    }

    @Test
    void aListedSenderBypassesIgnoringCase() {
        assertEquals(Optional.of(new EnvelopeAllowList.Bypass("sender", "sender ceo@partner.example")),
                lists.bypass(envelope("ceo@partner.example", "x@example.com")));
        assertEquals(Optional.empty(), list("cfo@partner.example", "x@example.com"));
    }

    @Test
    void aDomainEntryMatchesTheDomainAndAWildcardItsSubdomains() {
        assertEquals(Optional.of("sender-domain"), list("a@Friends.Example", "x@example.com"));
        assertEquals(Optional.empty(), list("a@sub.friends.example", "x@example.com"));
        assertEquals(Optional.of("sender-domain"), list("a@eu.group.example", "x@example.com"));
        assertEquals(Optional.empty(), list("a@group.example", "x@example.com"));
        assertEquals(Optional.empty(), list("a@notgroup.example", "x@example.com"));
    }

    @Test
    void listedRecipientsBypassOnlyWhenEveryRecipientIsListed() {
        assertEquals(Optional.of("recipients"), list("a@spam.example", "abuse@example.com", "Postmaster@example.com"));
        assertEquals(Optional.empty(), list("a@spam.example", "abuse@example.com", "ceo@example.com"));
    }

    @Test
    void theNullSenderIsNeverListed() {
        assertEquals(Optional.empty(), list("", "x@example.com"));
    }
}
