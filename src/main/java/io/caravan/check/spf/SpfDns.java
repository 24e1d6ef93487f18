// The DNS lookups an SPF check needs, each telling "nothing there" apart from "could not ask".
package io.caravan.check.spf;

import java.net.InetAddress;
import java.util.List;

/**
 * An empty list means NXDOMAIN or an answer without records of the type (both are "void
 * lookups", RFC 7208 §4.6.4); {@link TemporaryFailure} means the question went unanswered
 * (timeout, SERVFAIL, REFUSED, network error), which makes the check a temperror. A name that DNS
 * cannot carry (empty or over-long label) is reported as non-existent. Answers reached through a
 * CNAME count as answers for the name asked.
 */
public interface SpfDns {

    /** TXT records of the name, each one's character-strings joined without separators. */
    List<String> txt(String name) throws TemporaryFailure;

    List<InetAddress> a(String name) throws TemporaryFailure;

    /** IPv6 addresses, always as 16 bytes (an IPv4-mapped AAAA is not folded to IPv4). */
    List<InetAddress> aaaa(String name) throws TemporaryFailure;

    /**
     * Mail exchanger host names without the trailing dot, lowest preference first; a null MX
     * (RFC 7505) shows as ".".
     */
    List<String> mx(String name) throws TemporaryFailure;

    /** Host names (without the trailing dot) that the reverse zone gives for the address. */
    List<String> ptr(InetAddress address) throws TemporaryFailure;

    /** A lookup that could not be answered now. */
    final class TemporaryFailure extends Exception {
        public TemporaryFailure(String message) {
            super(message);
        }
    }
}
