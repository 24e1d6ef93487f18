// One raw header field of a message: where its bytes are (continuation lines and line end included) and its name.
package io.caravan.mail;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A view into the message bytes, never a copy: {@code message[start, end)} is the field exactly as
 * received, from the first byte of its name to the line end of its last continuation line.
 *
 * @param name the field name with any whitespace before the colon removed ("" for a line without a colon)
 */
public record HeaderField(byte[] message, int start, int end, String name) {

    /** Whether this field's name equals {@code other}, ignoring ASCII case. */
    public boolean is(String other) {
        return name.equalsIgnoreCase(other);
    }

    /** The raw bytes, line endings and folding included. */
    public byte[] raw() {
        return Arrays.copyOfRange(message, start, end);
    }

    /**
     * The value after the colon, unfolded (line breaks removed, nothing else changed), decoded as
     * UTF-8. Tag lists such as DKIM-Signature are parsed from this.
     */
    public String unfoldedValue() {
        int colon = colon();
        byte[] value = new byte[Math.max(0, end - colon - 1)];
        int n = 0;
        for (int i = colon + 1; i < end; i++) {
            byte b = message[i];
            if (b != '\r' && b != '\n') {
                value[n++] = b;
            }
        }
        return new String(value, 0, n, StandardCharsets.UTF_8);
    }

    /** Offset of the colon that ends the name, or {@code end - 1} for a line without one. */
    public int colon() {
        for (int i = start; i < end; i++) {
            if (message[i] == ':') {
                return i;
            }
        }
        return end - 1;
    }

    @Override
    public String toString() {
        return new String(message, start, end - start, StandardCharsets.ISO_8859_1);
    }
}
