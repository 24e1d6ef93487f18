// Validates caravan.dns.*: each resolver is host[:port] with an address.
package io.caravan.dns;

import io.caravan.config.CaravanConfig;
import io.caravan.config.ConfigurationCheck;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

@Singleton
public class DnsConfigurationCheck implements ConfigurationCheck {

    private final CaravanConfig config;

    public DnsConfigurationCheck(CaravanConfig config) {
        this.config = config;
    }

    @Override
    public List<String> configurationErrors() {
        List<String> errors = new ArrayList<>();
        List<String> servers = config.dns().servers().orElse(List.of());
        servers.forEach(s -> ConfigurationCheck.attempt(errors, "caravan.dns.servers", () -> HostAndPort.parse(s, 53)));
        if (errors.isEmpty()) {
            ConfigurationCheck.attempt(errors, "caravan.dns.servers", () -> Resolvers.of(servers, config.dns().timeout()));
        }
        return errors;
    }
}
