// A list an administrator edits while Caravan runs (a block list, a recipients file): read again when it changes.
package io.caravan.config;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Checked on use, not by a thread: when {@link #current()} is asked and {@code checkEvery} has passed
 * since the last look, the file's modified time, size and identity are compared with what was read
 * (one {@code stat}, links followed, so a Kubernetes ConfigMap swapping its {@code ..data} link is seen).
 * A file that no longer parses, or has vanished, keeps the previous contents and is logged: a bad edit
 * never empties a block list. At start, a missing or malformed file is an error, so it is seen at deployment.
 *
 * @param <T> what the file is parsed into
 */
public final class ReloadingFile<T> {

    private static final Logger LOG = Logger.getLogger(ReloadingFile.class);

    /** Parses the file's lines; throws IllegalArgumentException saying which line is wrong and why. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(List<String> lines);
    }

    /** File identity, so a swap to a new file is seen even when time and size happen to match. */
    private record Fingerprint(FileTime modified, long size, Object fileKey) {
    }

    private final Path file;
    private final long checkEveryNanos;
    private final Parser<T> parser;
    private final LongSupplier nanoClock;
    private volatile T current;
    private volatile long nextCheck;
    private Fingerprint seen;

    /**
     * Reads the file now.
     *
     * @throws IllegalArgumentException naming the file when it cannot be read or a line is wrong
     */
    public static <T> ReloadingFile<T> load(Path file, Duration checkEvery, Parser<T> parser) {
        return new ReloadingFile<>(file, checkEvery, parser, System::nanoTime);
    }

    ReloadingFile(Path file, Duration checkEvery, Parser<T> parser, LongSupplier nanoClock) {
        this.file = file;
        this.checkEveryNanos = checkEvery.toNanos();
        this.parser = parser;
        this.nanoClock = nanoClock;
        try {
            this.seen = fingerprint();
            this.current = read();
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " cannot be read: " + e.getMessage());
        }
        this.nextCheck = nanoClock.getAsLong() + checkEveryNanos;
    }

    /** The contents as last read successfully; looks at the file first when it is time to. */
    public T current() {
        if (nanoClock.getAsLong() - nextCheck >= 0) {
            refresh();
        }
        return current;
    }

    public Path file() {
        return file;
    }

    private synchronized void refresh() {
        long now = nanoClock.getAsLong();
        if (now - nextCheck < 0) {
            return; // another thread just looked
        }
        nextCheck = now + checkEveryNanos;
        Fingerprint found;
        try {
            found = fingerprint();
        } catch (IOException e) {
            if (seen != null) {
                LOG.warnf("%s %s; keeping what was read before", file,
                        e instanceof NoSuchFileException ? "has disappeared" : "cannot be read (" + e.getMessage() + ")");
            }
            seen = null;
            return;
        }
        if (Objects.equals(found, seen)) {
            return;
        }
        seen = found; // remembered before reading: a file still being written is read again on its next change
        try {
            current = read();
            LOG.infof("Reloaded %s", file);
        } catch (IOException e) {
            seen = null; // unlike a parse error this may pass: try again on the next look
            LOG.errorf("%s cannot be read (%s); keeping what was read before", file, e.getMessage());
        } catch (IllegalArgumentException e) {
            LOG.errorf("%s; keeping what was read before", e.getMessage());
        }
    }

    private T read() throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        try {
            return parser.parse(lines);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private Fingerprint fingerprint() throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        return new Fingerprint(a.lastModifiedTime(), a.size(), a.fileKey());
    }
}
