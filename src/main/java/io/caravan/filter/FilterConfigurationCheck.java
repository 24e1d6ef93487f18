// Start-up check of what the agents' settings name outside themselves: receive connectors that exist.
package io.caravan.filter;

import io.caravan.check.ChecksConfig;
import io.caravan.config.ConfigurationCheck;
import io.caravan.receive.connector.ReceiveConnectorsConfig;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** A misspelt connector in caravan.checks.&lt;agent&gt;.connectors would silently switch the agent off there. */
@Singleton
public class FilterConfigurationCheck implements ConfigurationCheck {

    private final ChecksConfig checks;
    private final ReceiveConnectorsConfig receive;

    public FilterConfigurationCheck(ChecksConfig checks, ReceiveConnectorsConfig receive) {
        this.checks = checks;
        this.receive = receive;
    }

    @Override
    public List<String> configurationErrors() {
        Set<String> known = new TreeSet<>(receive.receiveConnectors().keySet());
        List<String> errors = new ArrayList<>();
        checks.agents().forEach((agent, settings) -> settings.connectors().orElse(List.of()).forEach(name -> {
            if (!known.contains(name)) {
                errors.add("caravan.checks." + agent + ".connectors: no receive connector is called '" + name
                        + "' (known: " + String.join(", ", known) + ")");
            }
        }));
        return errors;
    }
}
