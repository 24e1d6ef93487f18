// The directory under data-dir where messages of 1 MiB and more wait on disk while a stage works on them.
package io.caravan.queue;

import io.caravan.config.CaravanConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.apache.camel.quarkus.main.events.BeforeStart;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Large messages never sit whole in the heap ({@link io.caravan.mail.RawMessage}): the receive
 * connector spools one here as it arrives, and each stage spools the one it takes off the queue.
 * Each file is deleted once its message is on the next queue or the stage is done with it. After a
 * crash the files stay; the messages themselves are safe in the broker (or were never acknowledged
 * to the client), so at start-up nothing in the spool belongs to anyone.
 */
@Singleton
public class MessageSpool {

    private static final Logger LOG = Logger.getLogger(MessageSpool.class);

    private final Path directory;

    @Inject
    public MessageSpool(CaravanConfig config) {
        this(Path.of(config.dataDir(), "spool"));
    }

    public MessageSpool(Path directory) {
        this.directory = directory;
    }

    /** A new, empty file of its own in the spool. */
    public Path newFile() throws IOException {
        Files.createDirectories(directory);
        return Files.createTempFile(directory, "msg-", ".eml");
    }

    public Path directory() {
        return directory;
    }

    void clearAtStart(@Observes @Priority(2) BeforeStart event) {
        int removed = clear(directory);
        if (removed > 0) {
            LOG.infof("Removed %d spool files left by an earlier run from %s", removed, directory);
        }
    }

    /** Deletes the files directly in dir; returns how many. */
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
