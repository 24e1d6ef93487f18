// The one DNS question DMARC asks: the TXT strings at a name, with "no such record" told from "ask again later".
package io.caravan.check.dmarc;

import io.caravan.dns.DnsService;
import io.caravan.dns.DnsTemporaryFailure;

import java.util.List;

/** {@link #of(DnsService)} in production; tests may script it directly. */
@FunctionalInterface
public interface DmarcDns {

    /**
     * One string per TXT record at {@code name} (its character-strings joined); empty when the name
     * does not exist (NXDOMAIN) or has no TXT records.
     *
     * @throws DnsTemporaryFailure on SERVFAIL, REFUSED, a timeout or a network error; DMARC reports it as temperror
     */
    List<String> txt(String name) throws DnsTemporaryFailure;

    /** The DMARC view of Caravan's one DNS client. */
    static DmarcDns of(DnsService dns) {
        return dns::txt;
    }
}
