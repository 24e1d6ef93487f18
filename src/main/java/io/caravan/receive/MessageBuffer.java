// The bytes of a message being received: in a growing array up to 1 MiB, then in a spool file, giving up cleanly when out of room.
package io.caravan.receive;

import io.caravan.mail.RawMessage;
import io.caravan.mail.SmtpReply;
import io.caravan.queue.MessageSpool;
import org.jboss.logging.Logger;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * DATA and BDAT collect the message here. A message that reaches {@link RawMessage#SPOOL_THRESHOLD}
 * goes on into a file in the spool, so a large message costs the heap 1 MiB, not its size. Running
 * out of heap (growing the array) or disk (writing the file) must cost the client a 452 it
 * retries, not a session that hangs on an event loop; after such a failure the rest of the data is
 * still counted and dropped. Writes to the spool are buffered in 64 KiB blocks on the event loop,
 * as a local file write costs microseconds.
 */
final class MessageBuffer {

    private static final Logger LOG = Logger.getLogger(MessageBuffer.class);

    static final SmtpReply NO_ROOM = SmtpReply.of(452, "4.3.1", "Insufficient system storage for this message now, try again later");

    private final MessageSpool spool;
    private byte[] buf;
    private int len;
    private Path file;
    private OutputStream out;
    private boolean outOfRoom;

    MessageBuffer(byte[] prefix, MessageSpool spool) {
        this.spool = spool;
        this.buf = Arrays.copyOf(prefix, Math.max(prefix.length + 8192, 16384));
        this.len = prefix.length;
    }

    void append(byte b) {
        if (out == null && len == buf.length && !makeRoom(1)) {
            return;
        }
        if (out != null) {
            write(b);
        } else {
            buf[len++] = b;
        }
    }

    void append(byte[] in, int from, int n) {
        if (out == null && len + n > buf.length && !makeRoom(n)) {
            return;
        }
        if (out != null) {
            write(in, from, n);
        } else {
            System.arraycopy(in, from, buf, len, n);
            len += n;
        }
    }

    /** Grows the array, or past the threshold moves to a spool file; false when neither is possible. */
    private boolean makeRoom(int needed) {
        if (outOfRoom) {
            return false;
        }
        if (len + needed >= RawMessage.SPOOL_THRESHOLD) {
            spill();
            return !outOfRoom;
        }
        try {
            buf = Arrays.copyOf(buf, Math.min(RawMessage.SPOOL_THRESHOLD, Math.max(buf.length * 2, len + needed)));
            return true;
        } catch (OutOfMemoryError e) {
            giveUp(null);
            return false;
        }
    }

    /** Moves what is collected so far into a new spool file; later bytes are written there. */
    private void spill() {
        try {
            file = spool.newFile();
            out = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024);
            out.write(buf, 0, len);
            buf = null;
        } catch (IOException e) {
            giveUp(e);
        }
    }

    private void write(byte b) {
        try {
            out.write(b);
        } catch (IOException e) {
            giveUp(e);
        }
    }

    private void write(byte[] in, int from, int n) {
        try {
            out.write(in, from, n);
        } catch (IOException e) {
            giveUp(e);
        }
    }

    private void giveUp(IOException cause) {
        if (cause != null) {
            LOG.warnf("Cannot spool a message being received to %s: %s; the client is told to retry", spool.directory(),
                    cause.getMessage());
        }
        outOfRoom = true;
        buf = new byte[0];
        len = 0;
        discard();
    }

    /** {@link #NO_ROOM} when the heap or the spool could not hold the message, else null. */
    SmtpReply rejection() {
        return outOfRoom ? NO_ROOM : null;
    }

    /**
     * The collected message, to be released by the caller once queued; null, with nothing left
     * spooled, when {@code refusal} is set or the message cannot be kept ({@link #rejection()} then says why).
     */
    RawMessage take(SmtpReply refusal) {
        if (refusal == null && !outOfRoom) {
            try {
                if (out == null) {
                    return RawMessage.of(Arrays.copyOf(buf, len));
                }
                out.close();
                out = null;
                return RawMessage.spooled(file);
            } catch (IOException e) {
                giveUp(e);
            } catch (OutOfMemoryError e) {
                giveUp(null);
            }
        }
        discard();
        return null;
    }

    /** Drops whatever is spooled: the message was refused or the session ended before its end. */
    void discard() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                // the file goes anyway
            }
            out = null;
        }
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warnf("Cannot delete spool file %s: %s", file, e.getMessage());
            }
            file = null;
        }
    }
}
