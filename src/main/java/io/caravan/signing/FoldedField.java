// Writes a header field folded at 78 characters a line, breaking only where the field's syntax allows whitespace.
package io.caravan.signing;

/**
 * Pieces are appended with an allowed break before them: {@link #tag} separates with a space when the
 * piece fits on the line, {@link #glued} with nothing (inside h= after a colon, inside base64 values).
 * Folding always inserts CRLF and one space, which every such position accepts as FWS.
 */
final class FoldedField {

    static final int MAX_LINE = 78;

    private final StringBuilder text = new StringBuilder(512);
    private int lineLength;

    FoldedField(String name) {
        text.append(name).append(':');
        lineLength = text.length();
    }

    /** A piece that follows a space, or starts a new line when it would pass the limit. */
    FoldedField tag(String piece) {
        if (lineLength + 1 + piece.length() > MAX_LINE) {
            fold();
        } else {
            text.append(' ');
            lineLength++;
        }
        append(piece);
        return this;
    }

    /** A piece that follows directly, or starts a new line when it would pass the limit. */
    FoldedField glued(String piece) {
        if (lineLength + piece.length() > MAX_LINE) {
            fold();
        }
        append(piece);
        return this;
    }

    /** Starts the next piece on a new line whatever the room left. */
    FoldedField newLine() {
        fold();
        return this;
    }

    /** Characters that may be broken anywhere (base64): fills each line up to the limit. */
    FoldedField breakable(String value) {
        int i = 0;
        while (i < value.length()) {
            int room = MAX_LINE - lineLength;
            if (room <= 0) {
                fold();
                continue;
            }
            int n = Math.min(room, value.length() - i);
            append(value.substring(i, i + n));
            i += n;
        }
        return this;
    }

    /** The field so far, without a final line end. */
    String text() {
        return text.toString();
    }

    private void fold() {
        text.append("\r\n ");
        lineLength = 1;
    }

    private void append(String piece) {
        text.append(piece);
        lineLength += piece.length();
    }
}
