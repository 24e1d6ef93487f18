// Validates caravan.dkim.*: every signing key can be read (or generated) and used.
package io.caravan.signing;

import io.caravan.config.ConfigurationCheck;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

@Singleton
public class SigningConfigurationCheck implements ConfigurationCheck {

    private final Instance<DkimKeyring> keyring;

    /** The keyring comes lazily: loading it is what reports a bad key. */
    public SigningConfigurationCheck(Instance<DkimKeyring> keyring) {
        this.keyring = keyring;
    }

    @Override
    public List<String> configurationErrors() {
        List<String> errors = new ArrayList<>();
        ConfigurationCheck.attempt(errors, "", keyring::get);
        return errors;
    }
}
