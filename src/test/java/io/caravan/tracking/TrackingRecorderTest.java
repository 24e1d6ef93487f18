// The recorder: fired events reach the store from its own thread, a full queue never blocks the mail path, old events go.
package io.caravan.tracking;

import io.caravan.tracking.TrackingEvent.Type;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrackingRecorderTest {

    static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

    @TempDir
    Path dir;
    TrackingRecorder recorder;

    @AfterEach
    void stop() {
        if (recorder != null) {
            recorder.stop();
        }
    }

    static TrackingEvent delivered(String queueId, Instant time) {
        return new TrackingEvent(time, Type.DELIVERED, queueId, "", "a@example.com", List.of("b@example.org"), "", Map.of());
    }

    private TrackingRecorder recorder(int capacity) {
        return new TrackingRecorder(dir, Duration.ofDays(30), capacity, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /** Polls with a deadline: the writer works on its own thread. */
    static <T> T until(Supplier<T> probe, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                T value = probe.get();
                if (value != null) {
                    return value;
                }
            } catch (IllegalStateException e) {
                // not open yet
            }
            try {
                Thread.sleep(20); // polling interval, not synchronisation: the deadline decides
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    private List<String> queueIds() {
        try {
            return recorder.store().search(TrackingQuery.all(100)).events().stream().map(TrackingEvent::queueId).toList();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void firedEventsBecomeSearchable() {
        recorder = recorder(100);
        recorder.start();
        recorder.on(delivered("Q1", NOW));
        recorder.on(delivered("Q2", NOW.plusSeconds(1)));
        until(() -> queueIds().size() == 2 ? true : null, "two events indexed");
        assertEquals(List.of("Q2", "Q1"), queueIds());
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfBlocking() {
        recorder = recorder(2); // not started: nothing drains the queue
        for (int i = 0; i < 5; i++) {
            recorder.on(delivered("Q" + i, NOW));
        }
        assertEquals(3, recorder.dropped());
    }

    @Test
    void queuedEventsAreWrittenBeforeTheStoreClosesAndAreThereAfterARestart() {
        recorder = recorder(100);
        recorder.start();
        until(() -> recorder.store(), "the store open");
        for (int i = 0; i < 50; i++) {
            recorder.on(delivered("Q" + i, NOW.plusMillis(i)));
        }
        recorder.stop();
        assertThrows(IllegalStateException.class, recorder::store, "closed");
        recorder.on(delivered("LATE", NOW));
        assertEquals(1, recorder.dropped(), "after stop, events are not queued");
        recorder = recorder(100);
        recorder.start();
        assertEquals(50, until(() -> queueIds().size(), "the reopened store").intValue());
    }

    @Test
    void deletesEventsOlderThanTheRetentionAtStart() throws Exception {
        try (TrackingStore store = TrackingStore.open(dir)) {
            store.insert(List.of(delivered("OLD", NOW.minus(Duration.ofDays(31))), delivered("KEPT", NOW.minus(Duration.ofDays(29)))));
        }
        recorder = recorder(100);
        recorder.start();
        assertEquals(List.of("KEPT"), until(() -> queueIds().size() == 1 ? queueIds() : null, "the old event deleted"));
    }

    @Test
    void refusesARetentionThatIsNotPositive() {
        String error = assertThrows(IllegalArgumentException.class,
                () -> new TrackingRecorder(dir, Duration.ZERO, 10, Clock.systemUTC())).getMessage();
        assertTrue(error.contains("caravan.tracking.retention"), error);
    }
}
