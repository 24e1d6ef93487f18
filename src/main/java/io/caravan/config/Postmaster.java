// The one postmaster address (caravan.postmaster): reports come from it, and RCPT TO:<Postmaster> means it.
package io.caravan.config;

import io.caravan.mail.Domains;
import io.caravan.mail.MailAddress;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Optional;

/**
 * Exchange's postmaster address of the default accepted domain: unless {@code caravan.postmaster} is
 * set, {@code postmaster@} the first domain of {@code caravan.accepted-domains} as written there
 * ({@code *.example.com} gives {@code example.com}), or {@code postmaster@} the host name when no
 * domain is accepted. The domain is kept in ASCII (IDNA) and the local part must be ASCII, because the
 * address is the From of every delivery report and those go to any server.
 */
@Singleton
public class Postmaster {

    public static final String KEY = "caravan.postmaster";

    private final MailAddress address;

    public Postmaster(CaravanConfig config, ServerIdentity identity) {
        this.address = of(config, identity.hostname());
    }

    /** For example {@code postmaster@example.com}. */
    public MailAddress address() {
        return address;
    }

    /**
     * The postmaster address the configuration gives; what the start-up check calls.
     *
     * @throws IllegalArgumentException naming {@value #KEY} when it is not a usable address
     */
    public static MailAddress of(CaravanConfig config, String hostname) {
        return resolve(config.postmaster(), config.acceptedDomains().orElse(List.of()), hostname);
    }

    static MailAddress resolve(Optional<String> configured, List<String> acceptedDomains, String hostname) {
        Optional<String> set = configured.map(String::strip).filter(s -> !s.isEmpty());
        if (set.isPresent()) {
            return check(set.get(), KEY + ": '" + set.get() + "'");
        }
        String domain = acceptedDomains.stream().map(String::strip).filter(d -> !d.isEmpty()).findFirst()
                .map(d -> d.startsWith("*.") ? d.substring(2) : d).orElse(hostname);
        return check("postmaster@" + domain, KEY + ": not set, and its default 'postmaster@" + domain
                + "' (from caravan.accepted-domains or the host name)");
    }

    private static MailAddress check(String text, String what) {
        MailAddress parsed;
        try {
            parsed = MailAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not a valid address (" + e.getMessage() + ")", e);
        }
        if (parsed.isNullSender()) {
            throw new IllegalArgumentException(what + " is not a valid address (empty)");
        }
        if (!parsed.localPart().chars().allMatch(c -> c < 0x80)) {
            throw new IllegalArgumentException(what + " has a non-ASCII local part; reports from it could not reach"
                    + " servers without SMTPUTF8");
        }
        if (parsed.domain().startsWith("[")) {
            throw new IllegalArgumentException(what + " needs a domain name, not an address literal");
        }
        return new MailAddress(parsed.localPart(), Domains.ascii(parsed.domain()));
    }
}
