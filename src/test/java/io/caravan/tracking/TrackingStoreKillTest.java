// A store whose process is killed (kill -9) in the middle of writing opens again, consistent and writable.
package io.caravan.tracking;

import io.caravan.tracking.TrackingEvent.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrackingStoreKillTest {

    @TempDir
    Path dir;

    @Test
    void opensAgainAfterTheWriterIsKilledMidBatch() throws Exception {
        Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Writer.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        int committed = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; committed < 5 && (line = out.readLine()) != null; ) {
                if (line.startsWith("committed ")) {
                    committed = Integer.parseInt(line.substring(10));
                }
            }
            assertEquals(5, committed, "the writer reported its commits");
            writer.destroyForcibly(); // SIGKILL: no shutdown hook, no close
            assertTrue(writer.waitFor(30, TimeUnit.SECONDS));
        }
        try (TrackingStore store = TrackingStore.open(dir)) {
            List<TrackingEvent> all = store.search(TrackingQuery.all(1000)).events();
            assertTrue(all.size() % Writer.BATCH == 0, "whole transactions only: " + all.size());
            for (TrackingEvent e : all) {
                assertEquals(List.of(e), store.search(new TrackingQuery(java.util.Optional.empty(), java.util.Optional.empty(),
                        java.util.Optional.empty(), java.util.Optional.of(e.recipients().get(0)), java.util.Set.of(),
                        java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(), 10)).events(),
                        "each event has its recipient row");
            }
            store.insert(List.of(new TrackingEvent(Instant.now(), Type.RECEIVED, "AFTER", "", "", List.of("after@example.org"), "", Map.of())));
            assertEquals("AFTER", store.search(TrackingQuery.all(1)).events().get(0).queueId(), "and takes new events");
        }
    }

    /** Runs in the child process: commits batches until killed, saying so after each. */
    public static final class Writer {
        static final int BATCH = 10;

        public static void main(String[] args) throws Exception {
            TrackingStore store = TrackingStore.open(Path.of(args[0]));
            Instant t0 = Instant.parse("2026-12-04T10:00:00Z");
            for (int n = 1; ; n++) {
                List<TrackingEvent> batch = new java.util.ArrayList<>();
                for (int i = 0; i < BATCH; i++) {
                    int k = n * BATCH + i;
                    batch.add(new TrackingEvent(t0.plusMillis(k), Type.DELIVERED, "Q" + k, "", "a@example.com",
                            List.of("r" + k + "@example.org"), "", Map.of("reply", "250 ok")));
                }
                store.insert(batch);
                System.out.println("committed " + n);
            }
        }
    }
}
