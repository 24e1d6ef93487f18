// A set of CIDR ranges (IPv4 and IPv6), such as a receive connector's relay-ranges.
package io.caravan.receive.connector;

import io.caravan.mail.IpRange;

import java.net.InetAddress;
import java.util.List;

public final class IpRanges {

    private final List<IpRange> ranges;

    private IpRanges(List<IpRange> ranges) {
        this.ranges = ranges;
    }

    /**
     * Parses "192.0.2.0/24", "2001:db8::/32" or a single address ({@link IpRange}); never a DNS lookup.
     *
     * @throws IllegalArgumentException naming the bad entry
     */
    public static IpRanges parse(List<String> cidrs) {
        return new IpRanges(cidrs.stream().map(IpRange::parse).toList());
    }

    public boolean contains(InetAddress address) {
        for (IpRange r : ranges) {
            if (r.contains(address)) {
                return true;
            }
        }
        return false;
    }
}
