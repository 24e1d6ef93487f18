// Keeps the SMTP AUTH users current while the users file (a Kubernetes Secret mount) changes underneath.
package io.caravan.receive.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Polls rather than watches: Kubernetes updates a Secret mount by swapping a {@code ..data} symlink,
 * which a WatchService on the directory reports unreliably. Each poll compares the attributes of the
 * file the path finally points to (links followed). A file that fails to parse, or that vanishes
 * mid-swap, keeps the previous users, so a bad edit never locks everyone out.
 *
 * <p>At start a missing file means no users (with a warning: AUTH will fail until it appears); a
 * malformed file fails construction, so a broken Secret is noticed at deployment rather than at login.
 */
public final class ReloadingUserStore implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ReloadingUserStore.class);

    /** File identity, so the swap to a new file is seen even when mtime and size happen to match. */
    private record Fingerprint(FileTime modified, long size, Object fileKey) {
        static Fingerprint of(Path file) throws IOException {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new Fingerprint(a.lastModifiedTime(), a.size(), a.fileKey());
        }
    }

    private final Path file;
    private final ScheduledExecutorService poller;
    private volatile UserStore current;
    private Fingerprint seen;

    public ReloadingUserStore(Path file, Duration checkEvery) {
        if (checkEvery.isNegative() || checkEvery.isZero()) {
            throw new IllegalArgumentException("checkEvery must be positive, was " + checkEvery);
        }
        this.file = file;
        this.seen = fingerprintOrNull();
        if (seen == null) {
            LOG.warnf("SMTP AUTH users file %s does not exist; no user can authenticate until it does", file);
            this.current = UserStore.empty();
        } else {
            this.current = UserStore.load(file);
            LOG.infof("Loaded %d SMTP AUTH users from %s", current.size(), file);
        }
        this.poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "caravan-auth-users-reload");
            thread.setDaemon(true);
            return thread;
        });
        long millis = checkEvery.toMillis();
        poller.scheduleWithFixedDelay(this::checkSafely, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** The latest store that parsed; never null. */
    public UserStore current() {
        return current;
    }

    /** Reloads now if the file changed since the last look; what the poller runs, exposed for tests. */
    public synchronized void checkNow() {
        Fingerprint now = fingerprintOrNull();
        if (Objects.equals(now, seen)) {
            return;
        }
        // Remembered before loading: a file still being written is reloaded on the next change.
        seen = now;
        if (now == null) {
            LOG.warnf("SMTP AUTH users file %s has disappeared; keeping the %d users loaded before",
                    file, current.size());
            return;
        }
        try {
            current = UserStore.load(file);
            LOG.infof("Reloaded %d SMTP AUTH users from %s", current.size(), file);
        } catch (IllegalArgumentException malformed) {
            LOG.errorf("Keeping the %d SMTP AUTH users loaded before: %s", current.size(), malformed.getMessage());
        } catch (UncheckedIOException unreadable) {
            seen = null; // unlike a parse error this may pass, so retry on the next poll
            LOG.errorf("Keeping the %d SMTP AUTH users loaded before: %s", current.size(), unreadable.getMessage());
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }

    /** An exception escaping a scheduled task would silently cancel all later polls. */
    private void checkSafely() {
        try {
            checkNow();
        } catch (RuntimeException e) {
            LOG.errorf(e, "Checking SMTP AUTH users file %s failed", file);
        }
    }

    private Fingerprint fingerprintOrNull() {
        try {
            return Fingerprint.of(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read attributes of users file " + file, e);
        }
    }
}
