// The message tracking log: each tracking event as one JSON line in the caravan.tracking category (tracking.log).
package io.caravan.tracking;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * The file handler of application.yaml writes the line as it is ({@code %s%n}): the JSON carries its
 * own time, and rotates daily. See {@link TrackingJson} for the fields.
 */
@Singleton
public class TrackingLog {

    private static final Logger LOG = Logger.getLogger("caravan.tracking");

    void on(@Observes TrackingEvent event) {
        LOG.info(TrackingJson.line(event));
    }
}
