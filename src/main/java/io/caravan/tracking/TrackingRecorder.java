// Feeds every tracking event into the search store from one writer thread, without ever holding up the mail path.
package io.caravan.tracking;

import io.caravan.config.CaravanConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The stages fire {@link TrackingEvent}s synchronously on their own threads, so {@link #on} only offers the event to
 * a bounded queue: when the queue is full the event is not indexed (counted, and logged every
 * {@value #WARN_EVERY}) rather than stalling mail; the JSON tracking log stays the record. One writer thread opens
 * the store under {@code data-dir/tracking}, inserts in batches of up to {@value #BATCH} events per transaction,
 * gathered for up to {@link #GATHER} after the first one arrives, and deletes events older than {@code caravan.tracking.retention} at start and daily after.
 */
@Singleton
public class TrackingRecorder {

    private static final Logger LOG = Logger.getLogger(TrackingRecorder.class);
    static final int CAPACITY = 20_000;
    static final int BATCH = 1000;
    static final int WARN_EVERY = 1000;
    static final Duration PRUNE_EVERY = Duration.ofDays(1);
    /**
     * How long the writer lets a batch gather. Waiting on the queue event by event made every offer from a mail
     * thread wake the writer and every few events a transaction of their own; gathering makes the offers plain
     * enqueues and the transactions ten a second at most (bench/RESULTS.md, issue 15). Searches see an event
     * this much later.
     */
    static final Duration GATHER = Duration.ofMillis(100);

    private final Path dir;
    private final Duration retention;
    private final Clock clock;
    private final BlockingQueue<TrackingEvent> queue;
    private final AtomicLong dropped = new AtomicLong();
    private volatile TrackingStore store;
    private volatile String unavailable = "the tracking store is opening";
    private volatile boolean stopping;
    private Thread writer;

    @Inject
    public TrackingRecorder(CaravanConfig config, TrackingConfig tracking) {
        this(Path.of(config.dataDir(), "tracking"), tracking.retention(), CAPACITY, Clock.systemUTC());
    }

    TrackingRecorder(Path dir, Duration retention, int capacity, Clock clock) {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("caravan.tracking.retention must be a positive duration such as 30d, not " + retention);
        }
        this.dir = dir;
        this.retention = retention;
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /** Called on the thread that did the work: never blocks. */
    void on(@Observes TrackingEvent event) {
        if (stopping || !queue.offer(event)) {
            long n = dropped.incrementAndGet();
            if (n == 1 || n % WARN_EVERY == 0) {
                LOG.warnf("Tracking search: %d event(s) not indexed so far (%s); the tracking log file has them",
                        n, stopping ? "shutting down" : "the store's queue is full");
            }
        }
    }

    void start(@Observes StartupEvent event) {
        start();
    }

    synchronized void start() {
        if (writer == null) {
            writer = new Thread(this::run, "caravan-tracking-store");
            writer.setDaemon(true);
            writer.start();
        }
    }

    /** Indexes what is queued, then closes the store cleanly. */
    @PreDestroy
    synchronized void stop() {
        stopping = true;
        if (writer != null) {
            try {
                writer.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The store to search. */
    public TrackingStore store() {
        TrackingStore s = store;
        if (s == null) {
            throw new IllegalStateException(unavailable);
        }
        return s;
    }

    /** Events that were not indexed because the queue was full or the store failed. */
    public long dropped() {
        return dropped.get();
    }

    private void run() {
        TrackingStore opened;
        try {
            opened = TrackingStore.open(dir);
        } catch (RuntimeException e) {
            unavailable = "the tracking store could not be opened: " + e.getMessage();
            LOG.errorf(e, "Tracking search unavailable: cannot open %s (mail flows on; the tracking log file is the record)", dir);
            return;
        }
        try {
            Instant nextPrune = clock.instant();
            store = opened;
            unavailable = "the tracking store is closed";
            List<TrackingEvent> batch = new ArrayList<>(BATCH);
            while (true) {
                if (!clock.instant().isBefore(nextPrune)) {
                    prune(opened);
                    nextPrune = clock.instant().plus(PRUNE_EVERY);
                }
                TrackingEvent first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (stopping) {
                        break;
                    }
                    continue;
                }
                if (!stopping && queue.size() < BATCH - 1) {
                    Thread.sleep(GATHER.toMillis()); // not waiting on the queue, so offers wake nobody meanwhile
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                insert(opened, batch);
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            store = null;
            opened.close();
        }
    }

    private void insert(TrackingStore s, List<TrackingEvent> batch) {
        try {
            s.insert(batch);
        } catch (Exception e) {
            dropped.addAndGet(batch.size());
            LOG.errorf(e, "Tracking search: %d event(s) not indexed (the tracking log file has them)", batch.size());
        }
    }

    private void prune(TrackingStore s) {
        Instant cutoff = clock.instant().minus(retention);
        try {
            long n = s.prune(cutoff);
            if (n > 0) {
                LOG.infof("Tracking search: deleted %d event(s) older than %s (caravan.tracking.retention %s)", n, cutoff, retention);
            }
        } catch (Exception e) {
            LOG.errorf(e, "Tracking search: pruning events older than %s failed; trying again in %s", cutoff, PRUNE_EVERY);
        }
    }
}
