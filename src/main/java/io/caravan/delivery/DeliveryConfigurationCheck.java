// Validates caravan.delivery.*: the retry schedule and the concurrency.
package io.caravan.delivery;

import io.caravan.config.ConfigurationCheck;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

@Singleton
public class DeliveryConfigurationCheck implements ConfigurationCheck {

    private final DeliveryConfig delivery;

    public DeliveryConfigurationCheck(DeliveryConfig delivery) {
        this.delivery = delivery;
    }

    @Override
    public List<String> configurationErrors() {
        List<String> errors = new ArrayList<>();
        ConfigurationCheck.attempt(errors, "caravan.delivery.retry", () -> RetrySchedule.parse(delivery.retry()));
        if (delivery.concurrency() < 1) {
            errors.add("caravan.delivery.concurrency: must be at least 1");
        }
        return errors;
    }
}
