// The recipients file: the addresses that exist in our domains, and the domains that take any address (catch-all).
package io.caravan.filter.recipient;

import io.caravan.mail.AddressKey;
import io.caravan.mail.Domains;
import io.caravan.mail.MailAddress;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One entry a line; "#" starts a comment:
 * <pre>
 * alice@example.com
 * bob@example.com
 * @sales.example.com      # catch-all: every address at sales.example.com exists
 * </pre>
 * Only the domains the file names are validated by it: a domain it does not mention is left to
 * other sources (or passes). Addresses are compared without case ({@link AddressKey}).
 */
public final class RecipientList {

    private final Set<String> addresses;
    private final Set<String> catchAll;
    private final Set<String> domains;

    private RecipientList(Set<String> addresses, Set<String> catchAll, Set<String> domains) {
        this.addresses = addresses;
        this.catchAll = catchAll;
        this.domains = domains;
    }

    /** @throws IllegalArgumentException naming the line that is neither an address nor @domain */
    public static RecipientList parse(List<String> lines) {
        Set<String> addresses = new HashSet<>();
        Set<String> catchAll = new HashSet<>();
        Set<String> domains = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#');
            String entry = (hash < 0 ? line : line.substring(0, hash)).strip();
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.startsWith("@")) {
                String domain = Domains.normalize(entry.substring(1));
                if (domain.isEmpty() || domain.contains("@") || domain.contains(" ")) {
                    throw new IllegalArgumentException("line " + (i + 1) + ": '" + entry + "' is not @domain");
                }
                catchAll.add(domain);
                domains.add(domain);
                continue;
            }
            MailAddress a;
            try {
                a = MailAddress.parse(entry);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + (i + 1) + ": '" + entry + "' is not an address or @domain (" + e.getMessage() + ")");
            }
            addresses.add(AddressKey.of(a));
            domains.add(Domains.normalize(a.domain()));
        }
        return new RecipientList(Set.copyOf(addresses), Set.copyOf(catchAll), Set.copyOf(domains));
    }

    /** Does the file say anything about this domain? */
    public boolean covers(String domain) {
        return domains.contains(Domains.normalize(domain));
    }

    /** Listed itself, or at a catch-all domain. */
    public boolean knows(MailAddress recipient) {
        return catchAll.contains(Domains.normalize(recipient.domain())) || addresses.contains(AddressKey.of(recipient));
    }
}
