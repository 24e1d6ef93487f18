// Empties the spool of large messages in flight before the stages start: a crash leaves its files behind.
package io.caravan.queue;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.apache.camel.quarkus.main.events.BeforeStart;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Stages read Artemis large messages as streams that Camel spools to this directory and deletes
 * when the exchange ends (application.yaml, camel.main.stream-caching-spool-directory). After a
 * crash the files stay; the messages themselves are safe in the broker and will be read again, so
 * at start-up nothing in the spool belongs to anyone.
 */
@Singleton
public class LargeMessageSpool {

    private static final Logger LOG = Logger.getLogger(LargeMessageSpool.class);

    private final Path directory;

    public LargeMessageSpool(@ConfigProperty(name = "camel.main.stream-caching-spool-directory") String directory) {
        this.directory = Path.of(directory);
    }

    void clearAtStart(@Observes @Priority(2) BeforeStart event) {
        int removed = clear(directory);
        if (removed > 0) {
            LOG.infof("Removed %d spool files left by an earlier run from %s", removed, directory);
        }
    }

    /** Deletes the files directly in dir (Camel spools flat); returns how many. */
    static int clear(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            int n = 0;
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(f) && Files.deleteIfExists(f)) {
                    n++;
                }
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot empty the spool directory " + dir, e);
        }
    }
}
