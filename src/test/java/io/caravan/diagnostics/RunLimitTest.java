// A few runs at once, and one more is refused at once rather than queued.
package io.caravan.diagnostics;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

class RunLimitTest {

    @Test
    void oneRunMoreThanTheLimitIsRefusedAndAFinishedRunMakesRoom() throws Exception {
        RunLimit limit = new RunLimit(2);
        CountDownLatch started = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        Thread[] holders = new Thread[2];
        for (int i = 0; i < 2; i++) {
            holders[i] = new Thread(() -> limit.run(() -> {
                started.countDown();
                try {
                    return release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    return false;
                }
            }));
            holders[i].start();
        }
        assertTrue(started.await(30, TimeUnit.SECONDS));
        RunLimit.Busy busy = assertThrows(RunLimit.Busy.class, () -> limit.run(() -> "third"));
        assertTrue(busy.getMessage().contains("2 diagnoses are already running"));
        release.countDown();
        for (Thread t : holders) {
            t.join(30_000);
        }
        assertEquals("again", limit.run(() -> "again"));
    }
}
