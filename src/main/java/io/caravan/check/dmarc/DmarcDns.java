// The one DNS question DMARC asks: the TXT strings at a name, with "no such record" told from "ask again later".
package io.caravan.check.dmarc;

import java.util.List;

/** Implemented on dnsjava by {@link DnsjavaDmarcDns}; tests may script it directly. */
public interface DmarcDns {

    /**
     * One string per TXT record at {@code name} (its character-strings joined); empty when the name
     * does not exist (NXDOMAIN) or has no TXT records.
     *
     * @throws TemporaryDnsFailure on SERVFAIL, REFUSED, a timeout or a network error
     */
    List<String> txt(String name) throws TemporaryDnsFailure;

    /** A lookup that could not be answered now; DMARC reports it as temperror. */
    final class TemporaryDnsFailure extends Exception {
        public TemporaryDnsFailure(String message) {
            super(message);
        }
    }
}
