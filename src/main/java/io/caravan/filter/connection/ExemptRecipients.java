// The recipients a blocked client may still reach, as RFC 5321 §4.5.1 wants for postmaster: so a listed sender can ask to be delisted.
package io.caravan.filter.connection;

import io.caravan.mail.AddressKey;
import io.caravan.mail.MailAddress;
import io.caravan.routing.AcceptedDomains;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * "postmaster" alone means postmaster at every accepted domain; "abuse@example.com" that address only.
 * The postmaster address (caravan.postmaster, what RCPT TO:&lt;Postmaster&gt; reaches) is always exempt.
 */
final class ExemptRecipients {

    private final Set<String> localParts;
    private final Set<String> addresses;
    private final Supplier<MailAddress> postmaster;
    private final AcceptedDomains accepted;

    private ExemptRecipients(Set<String> localParts, Set<String> addresses, Supplier<MailAddress> postmaster, AcceptedDomains accepted) {
        this.localParts = localParts;
        this.addresses = addresses;
        this.postmaster = postmaster;
        this.accepted = accepted;
    }

    /** @throws IllegalArgumentException naming the entry that is neither a local part nor an address */
    static ExemptRecipients parse(List<String> entries, Supplier<MailAddress> postmaster, AcceptedDomains accepted) {
        Set<String> localParts = new HashSet<>();
        Set<String> addresses = new HashSet<>();
        for (String entry : entries) {
            String e = entry.strip();
            if (e.isEmpty()) {
                continue;
            }
            if (e.contains("@")) {
                try {
                    addresses.add(AddressKey.of(MailAddress.parse(e)));
                } catch (IllegalArgumentException bad) {
                    throw new IllegalArgumentException("'" + entry + "' is not an address (" + bad.getMessage() + ")");
                }
            } else if (e.matches("[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+")) {
                localParts.add(e.toLowerCase(Locale.ROOT));
            } else {
                throw new IllegalArgumentException("'" + entry + "' is neither a local part nor an address");
            }
        }
        return new ExemptRecipients(Set.copyOf(localParts), Set.copyOf(addresses), postmaster, accepted);
    }

    boolean contains(MailAddress recipient) {
        String key = AddressKey.of(recipient);
        return addresses.contains(key) || key.equals(AddressKey.of(postmaster.get()))
                || localParts.contains(recipient.localPart().toLowerCase(Locale.ROOT)) && accepted.contains(recipient.domain());
    }
}
