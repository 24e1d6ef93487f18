// NextHopGate: per-next-hop concurrency limit and administrative suspension.
package io.caravan.queue;

import org.junit.jupiter.api.Test;

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
    void aSuspendedNextHopAdmitsNobodyUntilResumed() {
        NextHopGate gate = gate(20);
        gate.suspend("example.org");
        assertTrue(gate.isSuspended("example.org"));
        assertTrue(gate.enter("example.org").isEmpty());
        assertTrue(gate.resume("example.org"));
        assertFalse(gate.resume("example.org"), "resuming twice reports nothing to resume");
        assertTrue(gate.enter("example.org").isPresent());
    }

    @Test
    void suspendingIsBoundedAndTakesOnlyNextHopNames() {
        NextHopGate gate = gate(1);
        for (int i = 0; i < NextHopGate.MAX_SUSPENDED; i++) {
            gate.suspend("invented-" + i + ".example");
        }
        gate.suspend("invented-0.example"); // again: no growth, no refusal
        assertThrows(IllegalArgumentException.class, () -> gate.suspend("one-more.example"));
        assertThrows(IllegalArgumentException.class, () -> gate(1).suspend("a b<script>"));
        gate(1).suspend("[192.0.2.1]:25");
    }
}
