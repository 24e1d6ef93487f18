// SessionClock: only whole lines reset the idle clock, the data phase has its own bound, and stalled sessions are ranked.
package io.caravan.receive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.caravan.receive.SessionClock.Expiry;
import org.junit.jupiter.api.Test;

class SessionClockTest {

    private static final long S = 1_000_000_000L;
    private static final long IDLE = 300 * S;
    private static final long DATA = 600 * S;

    @Test
    void bytesWithoutALineDoNotResetTheIdleClock() {
        SessionClock c = new SessionClock(0);
        for (long t = 10; t < 300; t += 10) {
            c.bytesArrived(t * S, 1);
        }
        assertEquals(Expiry.IDLE, c.expiry(300 * S, IDLE, DATA));
    }

    @Test
    void aCompleteLineResetsIt() {
        SessionClock c = new SessionClock(0);
        c.progressed(200 * S);
        assertEquals(Expiry.NONE, c.expiry(300 * S, IDLE, DATA));
        assertEquals(Expiry.IDLE, c.expiry(500 * S, IDLE, DATA));
    }

    @Test
    void inDataBytesKeepItAliveUntilTheDataTimeout() {
        SessionClock c = new SessionClock(0);
        c.dataStarted(0);
        for (long t = 10; t < 700; t += 10) {
            c.bytesArrived(t * S, 1);
            assertEquals(t < 600 ? Expiry.NONE : Expiry.DATA, c.expiry(t * S, IDLE, DATA), "at " + t + " s");
        }
    }

    @Test
    void silenceInDataIsIdle() {
        SessionClock c = new SessionClock(0);
        c.dataStarted(10 * S);
        assertEquals(Expiry.IDLE, c.expiry(310 * S, IDLE, DATA));
    }

    @Test
    void aFastTransferIsNeverStalledASlowOneIsAfterTheGrace() {
        SessionClock fast = new SessionClock(0);
        fast.dataStarted(0);
        fast.bytesArrived(20 * S, 1024 * 1024);
        assertEquals(Long.MAX_VALUE, fast.stalledSince(20 * S, 10 * S));
        SessionClock slow = new SessionClock(0);
        slow.dataStarted(5 * S);
        slow.bytesArrived(20 * S, 100);
        assertEquals(Long.MAX_VALUE, slow.stalledSince(6 * S, 10 * S), "within the grace");
        assertEquals(5 * S, slow.stalledSince(20 * S, 10 * S));
    }

    @Test
    void inCommandsTheLastLineSaysSinceWhen() {
        SessionClock c = new SessionClock(0);
        c.progressed(42 * S);
        c.bytesArrived(50 * S, 3);
        assertEquals(42 * S, c.stalledSince(60 * S, 10 * S));
        c.dataStarted(61 * S);
        c.dataEnded(70 * S);
        assertEquals(70 * S, c.stalledSince(80 * S, 10 * S), "the end of a message counts as progress");
    }
}
