// Deletes quarantined messages past caravan.quarantine.retention: at start-up and every ten minutes.
package io.caravan.filter.quarantine;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

@Singleton
class QuarantineExpiry {

    private static final Logger LOG = Logger.getLogger(QuarantineExpiry.class);
    private static final long PERIOD_MILLIS = 10 * 60 * 1000;

    void start(@Observes StartupEvent event, Vertx vertx, QuarantineStore store) {
        purge(vertx, store);
        vertx.setPeriodic(PERIOD_MILLIS, id -> purge(vertx, store));
    }

    private static void purge(Vertx vertx, QuarantineStore store) {
        vertx.executeBlocking(() -> store.purgeExpired(), false).onFailure(e -> LOG.warn("Could not purge the quarantine", e));
    }
}
