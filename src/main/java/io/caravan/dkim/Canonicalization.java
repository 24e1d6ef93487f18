// DKIM's two canonicalization algorithms (RFC 6376 §3.4) for header fields and bodies, on raw bytes.
package io.caravan.dkim;

import io.caravan.mail.HeaderField;
import java.io.ByteArrayOutputStream;
import java.util.Locale;

/**
 * {@code simple} keeps header fields byte for byte and only trims empty lines at the end of the
 * body; {@code relaxed} lower-cases names, unfolds and squeezes whitespace. Bodies are canonicalized
 * by a streaming {@link BodyCanonicalizer}, so a large body is never copied.
 */
public enum Canonicalization {
    SIMPLE,
    RELAXED;

    /** The name used in the c= tag. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** "relaxed" or "simple"; anything else is an IllegalArgumentException. */
    public static Canonicalization of(String tag) {
        return switch (tag.strip().toLowerCase(Locale.ROOT)) {
            case "simple" -> SIMPLE;
            case "relaxed" -> RELAXED;
            default -> throw new IllegalArgumentException("unknown canonicalization '" + tag + "'");
        };
    }

    /** One canonicalized field, CRLF included (simple: exactly the raw bytes). */
    public byte[] header(HeaderField field) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(field.end() - field.start() + 2);
        header(field.message(), field.start(), field.end(), out);
        return out.toByteArray();
    }

    /** Canonicalizes the raw field {@code raw[start, end)} (name, colon, value, folding, line end) into {@code out}. */
    public void header(byte[] raw, int start, int end, ByteArrayOutputStream out) {
        if (this == SIMPLE) {
            out.write(raw, start, end - start);
            return;
        }
        int colon = start;
        while (colon < end && raw[colon] != ':') {
            colon++;
        }
        int nameEnd = colon;
        while (nameEnd > start && isWsp(raw[nameEnd - 1])) {
            nameEnd--;
        }
        for (int i = start; i < nameEnd; i++) {
            byte b = raw[i];
            out.write(b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b);
        }
        out.write(':');
        boolean pendingSpace = false;
        boolean started = false;
        for (int i = colon + 1; i < end; i++) {
            byte b = raw[i];
            if (b == '\r' || b == '\n') {
                continue; // unfold: a line break inside a field is never content
            }
            if (isWsp(b)) {
                pendingSpace = started;
                continue;
            }
            if (pendingSpace) {
                out.write(' ');
                pendingSpace = false;
            }
            out.write(b);
            started = true;
        }
        out.write('\r');
        out.write('\n');
    }

    /** The canonical form of a whole body held in memory (tests, small bodies). */
    public byte[] body(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 2);
        BodyCanonicalizer canonicalizer = new BodyCanonicalizer(this, out, -1);
        canonicalizer.update(body, 0, body.length);
        canonicalizer.finish();
        return out.toByteArray();
    }

    static boolean isWsp(byte b) {
        return b == ' ' || b == '\t';
    }
}
