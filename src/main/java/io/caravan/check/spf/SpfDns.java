// The DNS lookups an SPF check needs, each telling "nothing there" apart from "could not ask"; a view of DnsService.
package io.caravan.check.spf;

import io.caravan.dns.DnsService;
import io.caravan.dns.DnsTemporaryFailure;

import java.net.InetAddress;
import java.util.List;

/**
 * An empty list means NXDOMAIN or an answer without records of the type (both are "void
 * lookups", RFC 7208 §4.6.4); {@link DnsTemporaryFailure} means the question went unanswered
 * (timeout, SERVFAIL, REFUSED, network error), which makes the check a temperror. A name that DNS
 * cannot carry (empty or over-long label) is reported as non-existent. Answers reached through a
 * CNAME count as answers for the name asked.
 */
public interface SpfDns {

    /** TXT records of the name, each one's character-strings joined without separators. */
    List<String> txt(String name) throws DnsTemporaryFailure;

    List<InetAddress> a(String name) throws DnsTemporaryFailure;

    /** IPv6 addresses, always as 16 bytes (an IPv4-mapped AAAA is not folded to IPv4). */
    List<InetAddress> aaaa(String name) throws DnsTemporaryFailure;

    /**
     * Mail exchanger host names without the trailing dot, lowest preference first; a null MX
     * (RFC 7505) shows as ".".
     */
    List<String> mx(String name) throws DnsTemporaryFailure;

    /** Host names (without the trailing dot) that the reverse zone gives for the address. */
    List<String> ptr(InetAddress address) throws DnsTemporaryFailure;

    /** The SPF view of Caravan's one DNS client. */
    static SpfDns of(DnsService dns) {
        return new SpfDns() {
            @Override
            public List<String> txt(String name) throws DnsTemporaryFailure {
                return dns.txt(name);
            }

            @Override
            public List<InetAddress> a(String name) throws DnsTemporaryFailure {
                return dns.a(name);
            }

            @Override
            public List<InetAddress> aaaa(String name) throws DnsTemporaryFailure {
                return dns.aaaa(name);
            }

            @Override
            public List<String> mx(String name) throws DnsTemporaryFailure {
                return dns.mx(name).stream().map(m -> DnsService.text(m.getTarget())).toList();
            }

            @Override
            public List<String> ptr(InetAddress address) throws DnsTemporaryFailure {
                return dns.ptr(address);
            }
        };
    }
}
