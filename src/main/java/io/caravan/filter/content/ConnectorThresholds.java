// Which SCL thresholds apply to mail from which receive connector: the defaults, and each connector's own.
package io.caravan.filter.content;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * Parsed once from caravan.checks.content-filter.*-threshold and
 * caravan.checks.content-filter.connector.&lt;name&gt;.*-threshold; a key a connector leaves unset
 * takes the default's value. A value that does not parse, or a connector that does not exist (its mail
 * would silently get the defaults), is a start-up error naming its key.
 */
final class ConnectorThresholds {

    private static final String PREFIX = "caravan.checks.content-filter.";

    private final SclThresholds defaults;
    private final Map<String, SclThresholds> byConnector = new HashMap<>();

    /** @param receiveConnectors the names of the receive connectors there are */
    ConnectorThresholds(ContentFilterConfig config, Set<String> receiveConnectors, List<String> errors) {
        this.defaults = new SclThresholds(
                parse(PREFIX + "tag-threshold", config.tagThreshold(), OptionalInt.empty(), errors),
                parse(PREFIX + "quarantine-threshold", config.quarantineThreshold(), OptionalInt.empty(), errors),
                parse(PREFIX + "reject-threshold", config.rejectThreshold(), OptionalInt.empty(), errors),
                parse(PREFIX + "delete-threshold", config.deleteThreshold(), OptionalInt.empty(), errors));
        config.connector().forEach((name, c) -> {
            String key = PREFIX + "connector." + name + ".";
            if (!receiveConnectors.contains(name)) {
                errors.add(PREFIX + "connector." + name + ": no receive connector is called '" + name + "' (known: "
                        + String.join(", ", new TreeSet<>(receiveConnectors)) + ")");
            }
            byConnector.put(name, new SclThresholds(
                    parse(key + "tag-threshold", c.tagThreshold(), defaults.tag(), errors),
                    parse(key + "quarantine-threshold", c.quarantineThreshold(), defaults.quarantine(), errors),
                    parse(key + "reject-threshold", c.rejectThreshold(), defaults.reject(), errors),
                    parse(key + "delete-threshold", c.deleteThreshold(), defaults.delete(), errors)));
        });
    }

    /** The thresholds for mail received on this connector. */
    SclThresholds forConnector(String name) {
        return byConnector.getOrDefault(name, defaults);
    }

    private static OptionalInt parse(String key, Optional<String> value, OptionalInt inherited, List<String> errors) {
        return value.isPresent() ? parse(key, value.get(), inherited, errors) : inherited;
    }

    private static OptionalInt parse(String key, String value, OptionalInt fallback, List<String> errors) {
        try {
            return SclThresholds.parse(key, value);
        } catch (IllegalArgumentException e) {
            errors.add(e.getMessage());
            return fallback;
        }
    }
}
