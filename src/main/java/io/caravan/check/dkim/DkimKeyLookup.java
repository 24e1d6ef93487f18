// Where the DKIM verifier gets key records: the TXT strings at selector._domainkey.domain; a view of DnsService.
package io.caravan.check.dkim;

import io.caravan.dns.DnsAnswer;
import io.caravan.dns.DnsService;
import io.caravan.dns.DnsTemporaryFailure;
import org.xbill.DNS.Type;

import java.util.List;

/** {@link #of(DnsService)} in production, a map in tests. */
@FunctionalInterface
public interface DkimKeyLookup {

    /**
     * Each TXT record at {@code name}, its character-strings joined into one string.
     *
     * @throws NotFound            NXDOMAIN, or the name has no TXT record (a permanent error for DKIM)
     * @throws DnsTemporaryFailure SERVFAIL, timeout, network error: the check may succeed later
     */
    List<String> txt(String name) throws DnsTemporaryFailure, NotFound;

    /** The name has no TXT record. */
    final class NotFound extends Exception {
        public NotFound(String message) {
            super(message);
        }
    }

    /** The DKIM view of Caravan's one DNS client. */
    static DkimKeyLookup of(DnsService dns) {
        return name -> {
            DnsAnswer answer = dns.query(name, Type.TXT);
            if (answer.isNxdomain()) {
                throw new NotFound(name + " does not exist (NXDOMAIN)");
            }
            List<String> records = DnsService.txtStrings(answer);
            if (records.isEmpty()) {
                throw new NotFound(name + " has no TXT record");
            }
            return records;
        };
    }
}
