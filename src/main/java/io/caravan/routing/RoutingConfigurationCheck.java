// Validates caravan.send-connectors.*, caravan.categorize.* and that every accepted domain has a route.
package io.caravan.routing;

import io.caravan.config.ConfigurationCheck;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

@Singleton
public class RoutingConfigurationCheck implements ConfigurationCheck {

    private final Instance<SendConnectors> sendConnectors;
    private final AcceptedDomains acceptedDomains;
    private final CategorizeConfig categorize;

    /** SendConnectors comes lazily: building it is what reports a bad send connector. */
    public RoutingConfigurationCheck(Instance<SendConnectors> sendConnectors, AcceptedDomains acceptedDomains, CategorizeConfig categorize) {
        this.sendConnectors = sendConnectors;
        this.acceptedDomains = acceptedDomains;
        this.categorize = categorize;
    }

    @Override
    public List<String> configurationErrors() {
        List<String> errors = new ArrayList<>();
        if (categorize.concurrency() < 1) {
            errors.add("caravan.categorize.concurrency: must be at least 1");
        }
        SendConnectors send;
        try {
            send = sendConnectors.get();
        } catch (RuntimeException e) {
            errors.add(rootMessage(e));
            return errors;
        }
        for (String domain : acceptedDomains.domains()) {
            if (send.select(domain).isEmpty()) {
                errors.add("caravan.accepted-domains: '" + domain + "' is accepted but no send connector covers it"
                        + " (add it to a caravan.send-connectors.<name>.address-spaces)");
            }
        }
        return errors;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
