// Polls a condition with a deadline: the only way tests wait for asynchronous pipeline work.
package io.caravan.it;

import java.time.Duration;
import java.util.function.Supplier;

final class Await {

    private Await() {
    }

    static <T> T until(Supplier<T> probe, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            T value = probe.get();
            if (value != null && !Boolean.FALSE.equals(value)) {
                return value;
            }
            try {
                Thread.sleep(20); // polling interval, not synchronisation: the deadline decides
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
        throw new AssertionError("Timed out after " + timeout + " waiting for " + what);
    }
}
