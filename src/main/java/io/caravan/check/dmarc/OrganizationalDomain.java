// The Organizational Domain of RFC 7489 §3.2: the registered name one label below its public suffix.
package io.caravan.check.dmarc;

import com.google.common.net.InternetDomainName;
import io.caravan.mail.Domains;

/**
 * Looks names up in the Public Suffix List shipped inside Guava, both its ICANN and its private
 * section, so {@code a.foo.blogspot.com} belongs to {@code foo.blogspot.com}, not to
 * {@code blogspot.com}. A name that is itself a public suffix, or that is under no suffix the list
 * knows (such as {@code host.corp.internal}), is its own Organizational Domain.
 */
public final class OrganizationalDomain {

    private OrganizationalDomain() {
    }

    /** "Mail.Example.CO.UK." becomes "example.co.uk"; the answer is lower-case ASCII (IDNA A-labels). */
    public static String of(String domain) {
        String ascii = Domains.normalize(domain);
        if (ascii.isEmpty()) {
            return ascii;
        }
        try {
            InternetDomainName name = InternetDomainName.from(ascii);
            if (name.isUnderPublicSuffix()) {
                return name.topPrivateDomain().toString();
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            // Not a name Guava accepts (e.g. an underscore label): it stands for itself.
        }
        return ascii;
    }
}
