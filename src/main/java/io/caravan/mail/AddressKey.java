// The form addresses are compared in by allow and block lists: local part and domain in lower case, the domain in ASCII.
package io.caravan.mail;

import java.util.Locale;

/**
 * RFC 5321 lets a local part be case-sensitive, but no mail system in use treats "Bob" and "bob"
 * as two people, and an administrator's list must not be dodged by changing case (Postfix lower-cases
 * its access-map lookups, Exchange compares without case). Only lists compare this way; the
 * envelope keeps the address as the client wrote it.
 */
public final class AddressKey {

    private AddressKey() {
    }

    /** "Bob@Example.COM" gives "bob@example.com"; the null sender gives "". */
    public static String of(MailAddress address) {
        return address.isNullSender() ? "" : address.localPart().toLowerCase(Locale.ROOT) + "@" + address.domainKey();
    }
}
