// Resolves the name this server uses in its banner, EHLO and Received fields.
package io.caravan.config;

import jakarta.inject.Singleton;

import java.net.InetAddress;
import java.net.UnknownHostException;

@Singleton
public class ServerIdentity {

    private final String hostname;

    public ServerIdentity(CaravanConfig config) {
        this.hostname = config.hostname().filter(h -> !h.isBlank()).orElseGet(ServerIdentity::machineName);
    }

    public String hostname() {
        return hostname;
    }

    private static String machineName() {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
