// Builds the dnsjava resolver every DNS user shares the settings of: caravan.dns.servers and caravan.dns.timeout.
package io.caravan.dns;

import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

final class Resolvers {

    private Resolvers() {
    }

    /**
     * @param servers "host", "host:port" or "[v6]:port"; empty means the system's resolvers (resolv.conf)
     * @param timeout per query attempt; one retry
     * @throws IllegalArgumentException naming the server that is not an address
     */
    static Resolver of(List<String> servers, Duration timeout) {
        try {
            ExtendedResolver r;
            if (servers.isEmpty()) {
                r = new ExtendedResolver();
            } else {
                List<Resolver> configured = new ArrayList<>();
                for (String s : servers) {
                    HostAndPort hp = HostAndPort.parse(s, 53);
                    configured.add(new SimpleResolver(new InetSocketAddress(InetAddress.getByName(hp.host()), hp.port())));
                }
                r = new ExtendedResolver(configured);
            }
            r.setTimeout(timeout);
            r.setRetries(1);
            return r;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("DNS server " + e.getMessage() + " is not an address");
        }
    }
}
