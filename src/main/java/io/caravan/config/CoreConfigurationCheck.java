// Validates the core keys this package owns: caravan.postmaster (and its default from caravan.accepted-domains).
package io.caravan.config;

import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

@Singleton
public class CoreConfigurationCheck implements ConfigurationCheck {

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
        return errors;
    }
}
