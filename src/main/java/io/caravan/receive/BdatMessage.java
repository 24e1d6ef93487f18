// Collects the chunks of a BDAT transfer (RFC 3030 CHUNKING): exact byte counts, no dot-stuffing.
package io.caravan.receive;

import io.caravan.mail.SmtpReply;

/**
 * The message arrives as binary chunks of announced size. The same rules as DATA apply to the
 * result: lines end with CRLF (a bare CR or LF is refused, so a chunked message cannot carry what
 * DATA would refuse to a next hop that reads it differently) and the size limit holds.
 */
final class BdatMessage {

    private final long maxSize;
    private final MessageBuffer buf;
    private long size;
    private long chunkRemaining;
    private boolean last;

    BdatMessage(byte[] prefix, long maxSize) {
        this.maxSize = maxSize;
        this.buf = new MessageBuffer(prefix);
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
        return n;
    }

    long size() {
        return size;
    }

    /** Why the message must be refused, or null. */
    SmtpReply rejection(int prefixLength) {
        if (size > maxSize) {
            return SmtpReply.of(552, "5.3.4", "Message size exceeds fixed limit of " + maxSize + " bytes");
        }
        if (buf.rejection() != null) {
            return buf.rejection();
        }
        int len = buf.length();
        for (int i = prefixLength; i < len; i++) {
            boolean bareCr = buf.at(i) == '\r' && (i + 1 >= len || buf.at(i + 1) != '\n');
            boolean bareLf = buf.at(i) == '\n' && (i == prefixLength || buf.at(i - 1) != '\r');
            if (bareCr || bareLf) {
                return DataReader.BARE_LINE_ENDING;
            }
        }
        if (len > prefixLength && (len - prefixLength < 2 || buf.at(len - 2) != '\r' || buf.at(len - 1) != '\n')) {
            return SmtpReply.of(550, "5.6.0", "Message must end with CRLF");
        }
        return null;
    }

    byte[] message() {
        return buf.toArray();
    }
}
