// The domains this router accepts mail for from anyone (caravan.accepted-domains).
package io.caravan.routing;

import io.caravan.config.CaravanConfig;
import io.caravan.mail.Domains;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Exchange's accepted domains: "example.com" is that domain alone, "*.example.com" adds its subdomains. */
@Singleton
public class AcceptedDomains {

    private final Set<String> exact;
    private final List<String> suffixes;

    public AcceptedDomains(CaravanConfig config) {
        List<String> domains = config.acceptedDomains().orElse(List.of()).stream()
                .map(d -> d.strip().startsWith("*.") ? "*." + Domains.ascii(d.strip().substring(2)) : Domains.ascii(d.strip())).toList();
        this.exact = domains.stream().map(d -> d.startsWith("*.") ? d.substring(2) : d).collect(Collectors.toUnmodifiableSet());
        this.suffixes = domains.stream().filter(d -> d.startsWith("*.")).map(d -> d.substring(1)).toList();
    }

    public boolean contains(String domain) {
        String d = Domains.ascii(domain);
        if (exact.contains(d)) {
            return true;
        }
        for (String suffix : suffixes) {
            if (d.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    public Set<String> domains() {
        return exact;
    }
}
