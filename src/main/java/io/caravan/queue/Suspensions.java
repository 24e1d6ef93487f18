// Suspend-Queue for every instance: suspensions kept on the broker, read into this instance's NextHopGate on an interval.
package io.caravan.queue;

import io.caravan.queue.NextHopGate.Suspension;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.apache.camel.quarkus.main.events.AfterStop;
import org.apache.camel.quarkus.main.events.BeforeStart;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Every instance on one broker sees the same suspended next hops, and a restart keeps them: they live on the
 * broker ({@link SuspensionStore}). This instance reads them at start-up and every
 * {@code caravan.queue.suspension-refresh}, and at once after a change made here. Delivery only reads the snapshot
 * in {@link NextHopGate}. While the broker cannot be read the last snapshot stays in force and {@link #status}
 * says since when it is stale; before the first read nothing is delivered (the gate admits nobody).
 */
@Singleton
public class Suspensions {

    private static final Logger LOG = Logger.getLogger(Suspensions.class);

    /** When the snapshot was last read from the broker (null: never), and why the last read failed (null: it did not). */
    public record Status(Instant readAt, String error) {
        public boolean current() {
            return readAt != null && error == null;
        }
    }

    private final NextHopGate gate;
    private final SuspensionStore store;
    private final Duration refresh;
    private final EmbeddedBroker broker;
    private volatile Status status = new Status(null, null);
    private ScheduledExecutorService scheduler;

    public Suspensions(NextHopGate gate, SuspensionStore store, QueueConfig config, EmbeddedBroker broker) {
        this.gate = gate;
        this.store = store;
        this.refresh = config.suspensionRefresh();
        this.broker = broker;
    }

    /** After the broker's start (priority 0) and before Camel starts the delivery consumers. */
    void start(@Observes @Priority(1) BeforeStart event) {
        gate.awaitSnapshot();
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "caravan-suspensions");
            t.setDaemon(true);
            return t;
        });
        scheduler.execute(() -> {
            try {
                broker.awaitStarted();
            } catch (RuntimeException e) {
                status = new Status(null, e.getMessage()); // the broker's own start-up error says the rest
            }
        });
        scheduler.scheduleWithFixedDelay(this::refreshQuietly, 0, refresh.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Before the embedded broker stops (its observer has the default priority). */
    void stop(@Observes @Priority(0) AfterStop event) {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    /**
     * Suspends a next hop on every instance; here at once, elsewhere within the refresh interval.
     * @throws IllegalArgumentException for a name no next hop can have, or past the bound of suspended next hops
     * @throws IllegalStateException when the broker cannot store it (then nothing changed anywhere)
     */
    public void suspend(String nextHop, String by) {
        NextHopGate.checkNextHop(nextHop);
        refresh(); // decide on the broker's current set, not on a snapshot a few seconds old
        if (gate.isSuspended(nextHop)) {
            return;
        }
        if (gate.suspended().size() >= NextHopGate.MAX_SUSPENDED) {
            throw new IllegalArgumentException("already " + NextHopGate.MAX_SUSPENDED + " next hops suspended; resume some first");
        }
        store.add(new Suspension(nextHop, by, Instant.now()));
        refresh();
    }

    /**
     * Resumes a next hop on every instance.
     * @return true when it was suspended
     * @throws IllegalStateException when the broker cannot be changed (then it stays suspended everywhere)
     */
    public boolean resume(String nextHop) {
        boolean was = gate.isSuspended(nextHop);
        int removed = store.remove(NextHopGate.checkNextHop(nextHop));
        refresh();
        return was || removed > 0;
    }

    /** Runs the action again once every instance has read the current suspensions (after one refresh interval). */
    public void onceEveryInstanceKnows(Runnable action) {
        ScheduledExecutorService s = scheduler;
        if (s != null && !s.isShutdown()) {
            s.schedule(() -> {
                try {
                    action.run();
                } catch (RuntimeException e) {
                    LOG.warnf("After a change of suspensions: %s", e.getMessage());
                }
            }, refresh.toMillis() + 1000, TimeUnit.MILLISECONDS);
        }
    }

    public Status status() {
        return status;
    }

    /** Reads the broker's suspensions into the gate. */
    synchronized void refresh() {
        try {
            gate.snapshot(store.read());
            if (status.error() != null) {
                LOG.infof("Suspended next hops read from the broker again: %d", gate.suspended().size());
            }
            status = new Status(Instant.now(), null);
        } catch (RuntimeException e) {
            if (status.error() == null && status.readAt() == null) {
                LOG.errorf("Suspended next hops cannot be read from the broker; nothing is delivered until they are: %s", e.getMessage());
            } else if (status.error() == null) {
                LOG.errorf("Suspended next hops: keeping the %d read at %s, the broker cannot be read now: %s",
                        gate.suspended().size(), status.readAt(), e.getMessage());
            }
            status = new Status(status.readAt(), e.getMessage());
            throw e;
        }
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            if (!gate.known()) {
                LOG.debugf("Suspended next hops not read yet; nothing is delivered until they are: %s", e.getMessage());
            }
        }
    }
}
