// Where the DKIM verifier gets key records: the TXT strings at selector._domainkey.domain.
package io.caravan.check.dkim;

import java.util.List;

/** Plug DNS in here ({@link DnsjavaKeyLookup}), or a map in tests. */
@FunctionalInterface
public interface DkimKeyLookup {

    /**
     * Each TXT record at {@code name}, its character-strings joined into one string.
     *
     * @throws NotFound          NXDOMAIN, or the name has no TXT record (a permanent error for DKIM)
     * @throws TemporaryFailure  SERVFAIL, timeout, network error: the check may succeed later
     */
    List<String> txt(String name) throws TemporaryFailure, NotFound;

    /** The name has no TXT record. */
    final class NotFound extends Exception {
        public NotFound(String message) {
            super(message);
        }
    }

    /** The lookup could not be answered now. */
    final class TemporaryFailure extends Exception {
        public TemporaryFailure(String message) {
            super(message);
        }
    }
}
