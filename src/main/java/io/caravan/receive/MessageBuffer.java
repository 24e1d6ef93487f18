// The bytes of a message being received, in one growing array that gives up cleanly when the heap is short.
package io.caravan.receive;

import io.caravan.mail.SmtpReply;

import java.util.Arrays;

/**
 * DATA and BDAT collect the message here. Growing a large message's array can fail with
 * OutOfMemoryError on a busy server; that must cost the client a 452 it retries, not a session that
 * hangs on an event loop. After such a failure the rest of the data is still counted and dropped.
 */
final class MessageBuffer {

    static final SmtpReply NO_ROOM = SmtpReply.of(452, "4.3.1", "Insufficient system storage for this message now, try again later");

    private byte[] buf;
    private int len;
    private boolean outOfMemory;

    MessageBuffer(byte[] prefix) {
        this.buf = Arrays.copyOf(prefix, Math.max(prefix.length + 8192, 16384));
        this.len = prefix.length;
    }

    void append(byte b) {
        if (len == buf.length && !grow(1)) {
            return;
        }
        buf[len++] = b;
    }

    void append(byte[] in, int from, int n) {
        if (len + n > buf.length && !grow(n)) {
            return;
        }
        System.arraycopy(in, from, buf, len, n);
        len += n;
    }

    private boolean grow(int needed) {
        if (outOfMemory) {
            return false;
        }
        try {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + needed));
            return true;
        } catch (OutOfMemoryError e) {
            release();
            return false;
        }
    }

    private void release() {
        outOfMemory = true;
        buf = new byte[0];
        len = 0;
    }

    /** {@link #NO_ROOM} when the heap could not hold the message, else null. */
    SmtpReply rejection() {
        return outOfMemory ? NO_ROOM : null;
    }

    int length() {
        return len;
    }

    byte at(int i) {
        return buf[i];
    }

    /** The collected bytes; empty, with {@link #rejection()} set, when even this copy does not fit. */
    byte[] toArray() {
        if (!outOfMemory) {
            try {
                return Arrays.copyOf(buf, len);
            } catch (OutOfMemoryError e) {
                release();
            }
        }
        return new byte[0];
    }
}
