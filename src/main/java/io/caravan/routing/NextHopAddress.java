// One address to try for a next hop: the host name it came from (MX or smarthost) and where to connect.
package io.caravan.routing;

import java.net.InetAddress;

public record NextHopAddress(String host, InetAddress address, int port) {

    @Override
    public String toString() {
        return host + "[" + address.getHostAddress() + "]:" + port;
    }
}
