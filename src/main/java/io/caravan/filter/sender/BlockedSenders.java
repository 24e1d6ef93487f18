// The senders the sender filter refuses: addresses, domains, whole domain trees, and perhaps the null sender.
package io.caravan.filter.sender;

import io.caravan.mail.AddressKey;
import io.caravan.mail.Domains;
import io.caravan.mail.MailAddress;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Exchange's BlockedSenders, BlockedDomains and BlockedDomainsAndSubdomains in one: "example.com"
 * is that domain alone, "*.example.com" is example.com and every domain under it (as in
 * caravan.accepted-domains). Addresses and domains are compared without case, domains in ASCII.
 */
public final class BlockedSenders {

    private final Set<String> addresses;
    private final Set<String> domains;
    private final List<String> trees;
    private final boolean nullSender;

    private BlockedSenders(Set<String> addresses, Set<String> domains, List<String> trees, boolean nullSender) {
        this.addresses = addresses;
        this.domains = domains;
        this.trees = trees;
        this.nullSender = nullSender;
    }

    /**
     * @param addresses  from blocked-senders
     * @param domains    from blocked-domains
     * @param nullSender block-null-sender
     * @throws IllegalArgumentException naming the key and the entry that is not an address or domain
     */
    public static BlockedSenders parse(String key, List<String> addresses, List<String> domains, boolean nullSender) {
        Set<String> exact = addresses.stream().map(a -> address(key + ".blocked-senders", a)).collect(Collectors.toUnmodifiableSet());
        Set<String> plain = new HashSet<>();
        List<String> trees = new ArrayList<>();
        for (String d : domains) {
            String t = d.strip();
            boolean tree = t.startsWith("*.");
            String domain = Domains.normalize(tree ? t.substring(2) : t);
            if (!domain.matches("[a-z0-9_]([a-z0-9_.-]*[a-z0-9])?") || domain.contains("..")) {
                throw new IllegalArgumentException(key + ".blocked-domains: '" + d + "' is not a domain or *.domain");
            }
            if (tree) {
                trees.add(domain);
            } else {
                plain.add(domain);
            }
        }
        return new BlockedSenders(exact, Set.copyOf(plain), List.copyOf(trees), nullSender);
    }

    private static String address(String key, String text) {
        MailAddress a;
        try {
            a = MailAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": '" + text + "' is not an address (" + e.getMessage() + ")");
        }
        if (a.isNullSender()) {
            throw new IllegalArgumentException(key + ": an empty address; use block-null-sender to refuse the null sender");
        }
        return AddressKey.of(a);
    }

    /** What blocks this sender, e.g. "domain *.example.com"; empty when nothing does. */
    public Optional<String> match(MailAddress sender) {
        if (sender.isNullSender()) {
            return nullSender ? Optional.of("the null sender") : Optional.empty();
        }
        if (addresses.contains(AddressKey.of(sender))) {
            return Optional.of("address " + AddressKey.of(sender));
        }
        String domain = Domains.normalize(sender.domain());
        if (domains.contains(domain)) {
            return Optional.of("domain " + domain);
        }
        for (String tree : trees) {
            if (domain.equals(tree) || domain.endsWith("." + tree)) {
                return Optional.of("domain *." + tree);
            }
        }
        return Optional.empty();
    }

    /** Nothing is blocked: the filter has nothing to do. */
    public boolean isEmpty() {
        return addresses.isEmpty() && domains.isEmpty() && trees.isEmpty() && !nullSender;
    }
}
