// Readiness: DOWN while free disk under caravan.data-dir is below caravan.back-pressure.min-free-disk, with the figures.
package io.caravan.metrics;

import io.caravan.config.CaravanConfig;
import io.caravan.receive.hook.BackPressure;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.util.function.LongSupplier;

/**
 * Below the threshold the receive connectors answer 452 4.3.1 to new mail ({@link BackPressure}, the same
 * reading of the same directory), so the instance is not ready for more; it is still alive, delivering
 * what it holds, and ready again by itself when space returns.
 */
@Readiness
@Singleton
public class DiskSpaceReadiness implements HealthCheck {

    static final String NAME = "caravan-disk";
    private static final long MB = 1024 * 1024;

    private final String dataDir;
    private final long minFreeDisk;
    private final LongSupplier freeDisk;

    @Inject
    public DiskSpaceReadiness(CaravanConfig config, BackPressure backPressure) {
        this(config.dataDir(), config.backPressure().minFreeDisk().asLongValue(), backPressure::freeDisk);
    }

    DiskSpaceReadiness(String dataDir, long minFreeDisk, LongSupplier freeDisk) {
        this.dataDir = dataDir;
        this.minFreeDisk = minFreeDisk;
        this.freeDisk = freeDisk;
    }

    @Override
    public HealthCheckResponse call() {
        long free = freeDisk.getAsLong();
        HealthCheckResponseBuilder r = HealthCheckResponse.named(NAME).withData("data-dir", dataDir)
                .withData("free-bytes", free).withData("min-free-bytes", minFreeDisk);
        if (free >= minFreeDisk) {
            return r.up().build();
        }
        return r.down().withData("reason", "free disk under caravan.data-dir is " + free / MB
                + " MB, below caravan.back-pressure.min-free-disk (" + minFreeDisk / MB + " MB): new mail gets 452 4.3.1").build();
    }
}
