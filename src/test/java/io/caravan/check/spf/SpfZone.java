// Test fixture: a loopback DNS zone and an SpfChecker that asks it through SpfDns.of(DnsService).
package io.caravan.check.spf;

import io.caravan.dns.DnsService;
import io.caravan.testing.DnsResponder;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.xbill.DNS.Address;

/**
 * Each test scripts records on {@link #dns} and calls {@link #check}. Use as an
 * {@code @AutoClose} field so every test gets a fresh server.
 */
final class SpfZone implements AutoCloseable {

    static final String RECEIVER = "mx.caravan.test";
    static final Instant NOW = Instant.parse("2025-01-02T03:04:05Z");
    static final String HELO = "mail.example.com";

    final DnsResponder dns = DnsResponder.start();
    final SpfChecker checker;

    SpfZone() {
        this(Duration.ofSeconds(2));
    }

    SpfZone(Duration timeout) {
        checker = new SpfChecker(SpfDns.of(DnsService.using(List.of(dns.address()), timeout)), RECEIVER,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /** Publishes one TXT record, e.g. {@code spf("example.com", "v=spf1 -all")}. */
    SpfZone spf(String domain, String record) {
        dns.txt(domain, record);
        return this;
    }

    SpfVerdict check(String ip, String mailFrom) {
        return checker.check(ip(ip), mailFrom, HELO);
    }

    SpfVerdict check(String ip, String mailFrom, String helo) {
        return checker.check(ip(ip), mailFrom, helo);
    }

    SpfResult result(String ip, String mailFrom) {
        return check(ip, mailFrom).result();
    }

    /**
     * An address literal as the SMTP server would see it; IPv6 stays an Inet6Address even when
     * IPv4-mapped (InetAddress.getByName would quietly fold it to IPv4).
     */
    static InetAddress ip(String literal) {
        try {
            byte[] bytes = literal.contains(":")
                    ? Address.toByteArray(literal, Address.IPv6)
                    : Address.toByteArray(literal, Address.IPv4);
            if (bytes == null) {
                throw new IllegalArgumentException("not an IP literal: " + literal);
            }
            return bytes.length == 16 ? Inet6Address.getByAddress(null, bytes, -1) : InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    @Override
    public void close() {
        dns.close();
    }
}
