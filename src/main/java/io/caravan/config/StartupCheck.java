// Validates the configuration before anything listens or connects; one clear message naming each wrong key.
package io.caravan.config;

import io.quarkus.arc.All;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.apache.camel.quarkus.main.events.BeforeStart;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

/**
 * Misconfigured connectors are the first cause of delivery failures, so start-up stops on any
 * error here rather than failing a message later. Runs before the broker starts. Each package
 * checks its own keys ({@link ConfigurationCheck}); this only collects what they report.
 */
@Singleton
public class StartupCheck {

    private static final Logger LOG = Logger.getLogger(StartupCheck.class);

    private final List<ConfigurationCheck> checks;

    public StartupCheck(@All List<ConfigurationCheck> checks) {
        this.checks = checks;
    }

    void check(@Observes @Priority(1) BeforeStart event) {
        List<String> errors = new ArrayList<>();
        for (ConfigurationCheck check : checks) {
            ConfigurationCheck.attempt(errors, "", () -> errors.addAll(check.configurationErrors()));
        }
        if (!errors.isEmpty()) {
            String message = "Invalid configuration:\n  - " + String.join("\n  - ", errors);
            LOG.error(message);
            throw new IllegalStateException(message);
        }
    }
}
