// Collects the chunks of a BDAT transfer (RFC 3030 CHUNKING): exact byte counts, no dot-stuffing.
package io.caravan.receive;

import io.caravan.mail.RawMessage;
import io.caravan.mail.SmtpReply;
import io.caravan.queue.MessageSpool;

/**
 * The message arrives as binary chunks of announced size. The same rules as DATA apply to the
 * result: lines end with CRLF (a bare CR or LF is refused, so a chunked message cannot carry what
 * DATA would refuse to a next hop that reads it differently), the size limit and the line-length
 * limit hold.
 */
final class BdatMessage {

    private final long maxSize;
    private final MessageBuffer buf;
    private long size;
    private long chunkRemaining;
    private boolean last;
    private boolean bareLineEnding;
    private boolean afterCr;
    private boolean endsWithCrlf;
    private final LineLengthLimit lines;

    BdatMessage(byte[] prefix, long maxSize, MessageSpool spool) {
        this(prefix, maxSize, LineLengthLimit.DEFAULT, spool);
    }

    /** @param maxLineLength longest accepted line in octets, CRLF included (0: no limit) */
    BdatMessage(byte[] prefix, long maxSize, int maxLineLength, MessageSpool spool) {
        this.maxSize = maxSize;
        this.lines = new LineLengthLimit(maxLineLength);
        this.buf = new MessageBuffer(prefix, spool);
    }

    void startChunk(long bytes, boolean last) {
        this.chunkRemaining = bytes;
        this.last = last;
    }

    boolean inChunk() {
        return chunkRemaining > 0;
    }

    boolean isLast() {
        return last;
    }

    /** Consumes up to the rest of the current chunk from in[from, to); returns the bytes used. */
    int feed(byte[] in, int from, int to) {
        int n = (int) Math.min(chunkRemaining, to - from);
        chunkRemaining -= n;
        size += n;
        if (size <= maxSize) {
            buf.append(in, from, n);
        }
        checkLineEnds(in, from, from + n);
        return n;
    }

    private void checkLineEnds(byte[] in, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = in[i];
            if (afterCr != (b == '\n')) {
                bareLineEnding = true; // a CR not followed by LF, or an LF not preceded by CR
            }
            endsWithCrlf = afterCr && b == '\n';
            afterCr = b == '\r';
            // a next hop without CHUNKING gets the message by DATA, where a leading dot is stuffed
            lines.add(lines.atLineStart() && b == '.' ? 2 : 1);
            if (b == '\n') {
                lines.lineEnded();
            }
        }
    }

    long size() {
        return size;
    }

    /** Why the message must be refused, or null. */
    SmtpReply rejection() {
        if (size > maxSize) {
            return SmtpReply.of(552, "5.3.4", "Message size exceeds fixed limit of " + maxSize + " bytes");
        }
        if (buf.rejection() != null) {
            return buf.rejection();
        }
        if (bareLineEnding || afterCr) {
            return DataReader.BARE_LINE_ENDING;
        }
        if (lines.rejection() != null) {
            return lines.rejection();
        }
        if (size > 0 && !endsWithCrlf) {
            return SmtpReply.of(550, "5.6.0", "Message must end with CRLF");
        }
        return null;
    }

    /** The prefix followed by the chunks; null when refused ({@link #rejection()} says why). The caller releases it. */
    RawMessage message() {
        return buf.take(rejection());
    }

    /** Drops what was spooled: the message is refused, or the session ended before the last chunk. */
    void discard() {
        buf.discard();
    }
}
