// Streams a message body through DKIM body canonicalization (RFC 6376 §3.4.3, §3.4.4) into a hash or a buffer.
package io.caravan.dkim;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;

/**
 * Feed the body in chunks of any size ({@link #update}), then {@link #finish}. Only CRLF ends a
 * line; the CR and LF of one CRLF may arrive in different chunks. Empty lines are held back until
 * something follows them, so trailing empty lines vanish without buffering the body. With a limit
 * (the l= tag) only that many canonical bytes reach the output; {@link #finish} still reports the
 * full canonical length, so a verifier can tell an l= longer than the body.
 */
public final class BodyCanonicalizer {

    private static final byte[] CRLF = {'\r', '\n'};

    private final boolean relaxed;
    private final OutputStream out;
    private final long limit;
    private final byte[] buffer = new byte[8192];
    private int buffered;
    private long length;
    private long written;

    private boolean pendingCr;
    private boolean pendingSpace;
    private boolean lineHasContent;
    private long heldEmptyLines;

    /**
     * @param out   where canonical bytes go (buffered here in 8 KiB blocks)
     * @param limit the most canonical bytes to pass on (l=), or -1 for all
     */
    public BodyCanonicalizer(Canonicalization canonicalization, OutputStream out, long limit) {
        this.relaxed = canonicalization == Canonicalization.RELAXED;
        this.out = out;
        this.limit = limit;
    }

    /** A canonicalizer whose output goes straight into {@code digest}. */
    public static BodyCanonicalizer hashing(Canonicalization canonicalization, MessageDigest digest, long limit) {
        return new BodyCanonicalizer(canonicalization, new DigestOutputStream(OutputStream.nullOutputStream(), digest),
                limit);
    }

    public void update(byte[] bytes, int offset, int count) {
        for (int i = offset, end = offset + count; i < end; i++) {
            byte b = bytes[i];
            if (pendingCr) {
                pendingCr = false;
                if (b == '\n') {
                    endLine();
                    continue;
                }
                content((byte) '\r'); // a lone CR is an ordinary byte
            }
            if (b == '\r') {
                pendingCr = true;
            } else if (relaxed && Canonicalization.isWsp(b)) {
                pendingSpace = true;
            } else {
                content(b);
            }
        }
    }

    /**
     * Ends the body: a last line without CRLF gets one; an empty body is "" (relaxed) or CRLF (simple).
     *
     * @return the length of the whole canonical body, whatever the limit
     */
    public long finish() {
        if (pendingCr) {
            pendingCr = false;
            content((byte) '\r');
        }
        if (lineHasContent) {
            emit(CRLF, 2);
        } else if (!relaxed && length == 0) {
            emit(CRLF, 2);
        }
        flush();
        return length;
    }

    private void content(byte b) {
        while (heldEmptyLines > 0) {
            emit(CRLF, 2);
            heldEmptyLines--;
        }
        if (pendingSpace) {
            pendingSpace = false;
            emit((byte) ' '); // relaxed: a run of whitespace inside a line (or at its start) is one space
        }
        emit(b);
        lineHasContent = true;
    }

    private void endLine() {
        pendingSpace = false; // relaxed: whitespace at the end of a line is dropped
        if (lineHasContent) {
            emit(CRLF, 2);
            lineHasContent = false;
        } else {
            heldEmptyLines++;
        }
    }

    private void emit(byte[] bytes, int count) {
        for (int i = 0; i < count; i++) {
            emit(bytes[i]);
        }
    }

    private void emit(byte b) {
        length++;
        if (buffered == buffer.length) {
            flush();
        }
        buffer[buffered++] = b;
    }

    private void flush() {
        int count = buffered;
        if (limit >= 0) {
            count = (int) Math.max(0, Math.min(count, limit - written));
        }
        try {
            out.write(buffer, 0, count);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        written += count;
        buffered = 0;
    }
}
