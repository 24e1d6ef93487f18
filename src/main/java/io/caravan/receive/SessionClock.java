// Times one SMTP session: idle between complete commands, the total time of one message's data, and how stalled it is.
package io.caravan.receive;

/**
 * A byte is not progress: a client that trickles one byte every few seconds and never ends a line
 * (slowloris) must not hold a connection slot for ever. So:
 * <ul>
 * <li>between messages the idle clock restarts only when a whole line (a command, a SASL response)
 *     has arrived, or a reply has been sent after work on a worker;</li>
 * <li>from DATA's 354 (or the first BDAT chunk) to the end of the message, the data must be complete
 *     within the connector's data-timeout (as Exchange's ConnectionTimeout bounds a connection), and
 *     silence longer than the idle timeout ends it too;</li>
 * <li>when the connection slots run short, {@link #stalledSince} says which session has gone longest
 *     without progress: in the command phase since its last complete line, in the data phase since
 *     DATA when it is averaging under {@link #MIN_DATA_RATE} bytes per second.</li>
 * </ul>
 * Written on the session's event loop; read by the connector's timer and by accept on other loops.
 */
final class SessionClock {

    /** Below this average rate (bytes per second) a message transfer counts as stalled when slots run short. */
    static final long MIN_DATA_RATE = 1024;

    enum Expiry { NONE, IDLE, DATA }

    private static final long NOT_IN_DATA = Long.MIN_VALUE;

    private volatile long lastLine;
    private volatile long lastByte;
    private volatile long dataStart = NOT_IN_DATA;
    private volatile long dataBytes;

    SessionClock(long now) {
        lastLine = now;
        lastByte = now;
    }

    void bytesArrived(long now, int n) {
        lastByte = now;
        if (dataStart != NOT_IN_DATA) {
            dataBytes += n;
        }
    }

    /** A complete line arrived, or a reply after work on a worker was sent. */
    void progressed(long now) {
        lastLine = now;
    }

    /** DATA's 354 or the first BDAT chunk; later chunks of the same message keep the first start. */
    void dataStarted(long now) {
        if (dataStart == NOT_IN_DATA) {
            dataStart = now;
            dataBytes = 0;
            lastByte = now;
        }
    }

    /** The final dot, the LAST chunk, or RSET: back to commands. */
    void dataEnded(long now) {
        dataStart = NOT_IN_DATA;
        lastLine = now;
    }

    boolean inData() {
        return dataStart != NOT_IN_DATA;
    }

    /** Whether the session has run out of time at {@code now}, and which limit it hit. */
    Expiry expiry(long now, long idleNanos, long dataNanos) {
        long start = dataStart;
        if (start != NOT_IN_DATA) {
            if (now - start >= dataNanos) {
                return Expiry.DATA;
            }
            return now - lastByte >= idleNanos ? Expiry.IDLE : Expiry.NONE;
        }
        return now - lastLine >= idleNanos ? Expiry.IDLE : Expiry.NONE;
    }

    /**
     * Since when the session has made no progress, or {@link Long#MAX_VALUE} when it is making some:
     * a message arriving at {@link #MIN_DATA_RATE} or faster (or started less than {@code graceNanos} ago).
     */
    long stalledSince(long now, long graceNanos) {
        long start = dataStart;
        if (start == NOT_IN_DATA) {
            return lastLine;
        }
        long elapsed = now - start;
        boolean slow = elapsed >= graceNanos && dataBytes < elapsed / 1_000_000L * MIN_DATA_RATE / 1000L;
        return slow ? start : Long.MAX_VALUE;
    }
}
