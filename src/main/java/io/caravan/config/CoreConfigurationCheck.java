// Validates the core keys this package owns: caravan.postmaster (and its default from caravan.accepted-domains).
package io.caravan.config;

import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

@Singleton
public class CoreConfigurationCheck implements ConfigurationCheck {

    /** Beyond this a failing copy would keep failing for hours (the delay doubles up to 5 minutes) before anyone sees it. */
    static final int MAX_STAGE_ATTEMPTS = 50;

    private final CaravanConfig config;
    private final ServerIdentity identity;

    public CoreConfigurationCheck(CaravanConfig config, ServerIdentity identity) {
        this.config = config;
        this.identity = identity;
    }

    @Override
    public List<String> configurationErrors() {
        List<String> errors = new ArrayList<>();
        ConfigurationCheck.attempt(errors, "", () -> Postmaster.of(config, identity.hostname()));
        int attempts = config.broker().maxDeliveryAttempts();
        if (attempts < 1 || attempts > MAX_STAGE_ATTEMPTS) {
            errors.add("caravan.broker.max-delivery-attempts: " + attempts + " is not 1-" + MAX_STAGE_ATTEMPTS
                    + " (failures of a stage before its copy goes to caravan.poison)");
        }
        return errors;
    }
}
