// NextHopGate: per-next-hop concurrency limit and the snapshot of suspensions it admits by.
package io.caravan.queue;

import io.caravan.queue.NextHopGate.Suspension;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

class NextHopGateTest {

    private static NextHopGate gate(int perNextHop) {
        return new NextHopGate(perNextHop);
    }

    @Test
    void noMoreThanTheLimitDeliverToOneNextHopAtOnce() throws Exception {
        NextHopGate gate = gate(2);
        Optional<AutoCloseable> a = gate.enter("example.org");
        Optional<AutoCloseable> b = gate.enter("example.org");
        assertTrue(a.isPresent() && b.isPresent());
        assertTrue(gate.enter("example.org").isEmpty(), "a third is held back");
        assertTrue(gate.enter("other.example").isPresent(), "the limit is per next hop");
        a.get().close();
        assertTrue(gate.enter("example.org").isPresent(), "a finished delivery frees its slot");
    }

    @Test
    void aSuspendedNextHopAdmitsNobodyUntilASnapshotWithoutIt() {
        NextHopGate gate = gate(20);
        gate.snapshot(Map.of("example.org", new Suspension("example.org", "ops", Instant.now())));
        assertTrue(gate.isSuspended("example.org"));
        assertTrue(gate.enter("example.org").isEmpty());
        assertTrue(gate.enter("other.example").isPresent());
        gate.snapshot(Map.of());
        assertTrue(gate.enter("example.org").isPresent());
    }

    @Test
    void untilTheFirstSnapshotNothingIsAdmitted() {
        NextHopGate gate = gate(20);
        gate.awaitSnapshot();
        assertTrue(gate.enter("example.org").isEmpty(), "a suspension not read yet may be in force");
        assertFalse(gate.isSuspended("example.org"), "held back as busy, not as suspended: it is looked at again in seconds");
        gate.snapshot(Map.of());
        assertTrue(gate.enter("example.org").isPresent());
    }

    @Test
    void onlyNextHopNamesPass() {
        assertThrows(IllegalArgumentException.class, () -> NextHopGate.checkNextHop("a b<script>"));
        assertThrows(IllegalArgumentException.class, () -> NextHopGate.checkNextHop(null));
        assertThrows(IllegalArgumentException.class, () -> NextHopGate.checkNextHop("x".repeat(256)));
        assertEquals("[192.0.2.1]:25", NextHopGate.checkNextHop("[192.0.2.1]:25"));
    }
}
