// Reads the DATA section byte by byte: dot-unstuffing, end only at CRLF.CRLF, bare CR/LF and size limits.
package io.caravan.receive;

import io.caravan.mail.RawMessage;
import io.caravan.mail.SmtpReply;
import io.caravan.queue.MessageSpool;

/**
 * The message text between 354 and the final dot (RFC 5321 §4.1.1.4, §4.5.2).
 *
 * <p>The data ends only at {@code CRLF . CRLF}. A bare LF or a bare CR anywhere in the data marks the
 * message as rejected (after reading up to the real end, so the session stays in step) — this is what
 * defeats SMTP smuggling ({@code \n.\n}, {@code \r.\r}, {@code \n.\r\n}, {@code \r\n.\n}): no such sequence
 * ends the data here, and no message containing one is accepted to be relayed to a server that would
 * read it differently. Bytes beyond the size limit are counted and discarded, never buffered. A line
 * over the connector's max-line-length refuses the message too ({@link LineLengthLimit}).
 */
final class DataReader {

    private enum State { LINE_START, DOT, DOT_CR, IN_LINE, CR, DONE }

    static final SmtpReply BARE_LINE_ENDING =
            SmtpReply.of(550, "5.6.0", "Message contains bare CR or LF; lines must end with CRLF");

    private final long maxSize;
    private State state = State.LINE_START;
    private final MessageBuffer buf;
    private long size;
    private boolean tooBig;
    private boolean bareLineEnding;
    private final LineLengthLimit lines;

    DataReader(byte[] prefix, long maxSize, MessageSpool spool) {
        this(prefix, maxSize, LineLengthLimit.DEFAULT, spool);
    }

    /**
     * @param prefix        bytes placed before the data (the Received field), not counted against the limits
     * @param maxSize       largest accepted data size in bytes
     * @param maxLineLength longest accepted line in octets, CRLF included (0: no limit)
     * @param spool         where the message goes once it reaches 1 MiB
     */
    DataReader(byte[] prefix, long maxSize, int maxLineLength, MessageSpool spool) {
        this.maxSize = maxSize;
        this.lines = new LineLengthLimit(maxLineLength);
        this.buf = new MessageBuffer(prefix, spool);
    }

    /** Consumes bytes from {@code in[from, to)} until the end of data; returns how many were used. */
    int feed(byte[] in, int from, int to) {
        int i = from;
        while (i < to && state != State.DONE) {
            if (state == State.IN_LINE) { // the common case: copy the rest of the line up to CR or LF at once
                int end = i;
                while (end < to && in[end] != '\r' && in[end] != '\n') {
                    end++;
                }
                if (end > i) {
                    lines.add(end - i);
                    appendRun(in, i, end - i);
                    i = end;
                    continue;
                }
            }
            byte b = in[i++];
            lines.add(1); // as received: a stuffed leading dot counts, as it will on the next hop's wire
            switch (state) {
                case LINE_START -> {
                    if (b == '.') {
                        state = State.DOT;
                    } else {
                        inLine(b);
                    }
                }
                case DOT -> {
                    if (b == '\r') {
                        state = State.DOT_CR;
                    } else {
                        inLine(b); // the leading dot was stuffing: dropped
                    }
                }
                case DOT_CR -> {
                    if (b == '\n') {
                        state = State.DONE;
                    } else {
                        bareLineEnding = true; // ".\rX": a bare CR, never an end
                        append((byte) '\r');
                        inLine(b);
                    }
                }
                case IN_LINE -> inLine(b);
                case CR -> {
                    if (b == '\n') {
                        append((byte) '\r');
                        append((byte) '\n');
                        lines.lineEnded();
                        state = State.LINE_START;
                    } else {
                        bareLineEnding = true;
                        append((byte) '\r');
                        inLine(b);
                    }
                }
                default -> throw new IllegalStateException();
            }
        }
        return i - from;
    }

    private void inLine(byte b) {
        if (b == '\r') {
            state = State.CR;
        } else {
            if (b == '\n') {
                bareLineEnding = true;
            }
            append(b);
            state = State.IN_LINE;
        }
    }

    private void appendRun(byte[] in, int from, int n) {
        size += n;
        if (size > maxSize) {
            tooBig = true;
            return;
        }
        buf.append(in, from, n);
    }

    private void append(byte b) {
        size++;
        if (size > maxSize) {
            tooBig = true;
            return;
        }
        buf.append(b);
    }

    boolean finished() {
        return state == State.DONE;
    }

    /** Size of the data as received after unstuffing, the figure compared with SIZE. */
    long size() {
        return size;
    }

    /** Why the message must be refused, or null when it may be accepted. */
    SmtpReply rejection() {
        if (tooBig) {
            return SmtpReply.of(552, "5.3.4", "Message size exceeds fixed limit of " + maxSize + " bytes");
        }
        if (bareLineEnding) {
            return BARE_LINE_ENDING;
        }
        if (lines.rejection() != null) {
            return lines.rejection();
        }
        return buf.rejection();
    }

    /**
     * The prefix followed by the unstuffed data, ending with the CRLF of its last line; null when
     * refused ({@link #rejection()} says why). The caller releases it.
     */
    RawMessage message() {
        return buf.take(rejection());
    }

    /** Drops what was spooled: the message is refused, or the session ended before the final dot. */
    void discard() {
        buf.discard();
    }
}
