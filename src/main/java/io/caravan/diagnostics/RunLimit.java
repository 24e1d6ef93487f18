// At most a few troubleshooting runs at once: each holds a thread and sockets for up to the deadline.
package io.caravan.diagnostics;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

public final class RunLimit {

    /** One run too many; the API answers 503 with Retry-After. */
    public static final class Busy extends RuntimeException {
        Busy(int max) {
            super(max + " diagnoses are already running; try again when one has finished");
        }
    }

    private final int max;
    private final Semaphore runs;

    public RunLimit(int max) {
        this.max = max;
        this.runs = new Semaphore(max);
    }

    /** @throws Busy without waiting when {@code max} runs are going */
    public <T> T run(Supplier<T> work) {
        if (!runs.tryAcquire()) {
            throw new Busy(max);
        }
        try {
            return work.get();
        } finally {
            runs.release();
        }
    }
}
