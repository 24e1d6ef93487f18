// Deletes rotated tracking log files older than caravan.tracking.retention: at start-up and every hour.
package io.caravan.tracking;

import io.caravan.config.CaravanConfig;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * The log handler rotates tracking.log daily (to tracking.log.yyyy-MM-dd, with .1, .2... when a day
 * passes max-file-size) but never deletes: its max-backup-index counts only the pieces of one day.
 * So the files whose last event is older than the retention are deleted here; tracking.log itself,
 * being written, never is.
 */
@Singleton
class TrackingRetention {

    private static final Logger LOG = Logger.getLogger(TrackingRetention.class);
    private static final long PERIOD_MILLIS = 60 * 60 * 1000;
    static final String FILE = "tracking.log";

    void start(@Observes StartupEvent event, Vertx vertx, CaravanConfig core, TrackingConfig config) {
        Path dir = Path.of(core.dataDir());
        prune(vertx, dir, config.retention());
        vertx.setPeriodic(PERIOD_MILLIS, id -> prune(vertx, dir, config.retention()));
    }

    private static void prune(Vertx vertx, Path dir, Duration retention) {
        vertx.executeBlocking(() -> prune(dir, retention, Instant.now()), false)
                .onFailure(e -> LOG.warn("Could not delete old tracking log files", e));
    }

    /** Deletes tracking.log.* last written before now - retention; returns how many. */
    static int prune(Path dir, Duration retention, Instant now) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        Instant cutoff = now.minus(retention);
        int n = 0;
        try (DirectoryStream<Path> rotated = Files.newDirectoryStream(dir, FILE + ".*")) {
            for (Path f : rotated) {
                if (Files.isRegularFile(f) && Files.getLastModifiedTime(f).toInstant().isBefore(cutoff)) {
                    Files.deleteIfExists(f);
                    n++;
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (n > 0) {
            LOG.infof("Deleted %d tracking log files older than %s", n, retention);
        }
        return n;
    }
}
