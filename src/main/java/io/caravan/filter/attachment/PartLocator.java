// Finds where a MIME part lies in the raw bytes of a message, by its path of boundaries, as mime4j delimits parts.
package io.caravan.filter.attachment;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * mime4j reads parts but does not say at which byte they start, and the stripper must copy
 * everything around a part exactly as received. So it follows the {@link PartPath} mime4j's walk
 * recorded through the raw message a second time, with mime4j's rule for a delimiter line
 * (MimeBoundaryInputStream): "--" and the boundary at the start of a line, followed by white space,
 * "--" or the end. A part begins after its delimiter line and ends before the line break that
 * precedes the next delimiter of its own multipart or of any enclosing one (an unterminated multipart
 * ends where its parent's next part begins), or at the end of the message. Lines are streamed: a
 * spooled message is never read whole into the heap.
 */
final class PartLocator {

    /** The bytes from {@code start} (inclusive) to {@code end} (exclusive) hold the part, header and body. */
    record Range(long start, long end) {
    }

    private PartLocator() {
    }

    /** Where the part is, or empty when the message has no such part (it changed, or the path is wrong). */
    static Optional<Range> locate(InputStream raw, PartPath path) throws IOException {
        List<PartPath.Step> steps = path.steps();
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("the whole body has no delimiters to find");
        }
        byte[][] delimiters = new byte[steps.size()][];
        int longest = 0;
        for (int i = 0; i < steps.size(); i++) {
            delimiters[i] = ("--" + steps.get(i).boundary()).getBytes(StandardCharsets.ISO_8859_1);
            longest = Math.max(longest, delimiters[i].length);
        }
        Lines lines = new Lines(new BufferedInputStream(raw, 64 * 1024), longest + 2);
        int level = 0;
        int count = 0;
        long start = -1;
        long previousBreak = 0;
        while (lines.next()) {
            if (start < 0) {
                for (int outer = 0; outer < level; outer++) {
                    if (isDelimiter(lines, delimiters[outer]) != Kind.NONE) {
                        return Optional.empty(); // the enclosing part ended before the one sought began
                    }
                }
                Kind kind = isDelimiter(lines, delimiters[level]);
                if (kind == Kind.CLOSE) {
                    return Optional.empty();
                }
                if (kind == Kind.OPEN && ++count == steps.get(level).index()) {
                    if (level == steps.size() - 1) {
                        start = lines.end;
                    } else {
                        level++;
                        count = 0;
                    }
                }
            } else {
                for (byte[] delimiter : delimiters) {
                    if (isDelimiter(lines, delimiter) != Kind.NONE) {
                        return Optional.of(new Range(start, Math.max(start, previousBreak)));
                    }
                }
            }
            previousBreak = lines.breakStart;
        }
        return start < 0 ? Optional.empty() : Optional.of(new Range(start, lines.end));
    }

    private enum Kind { NONE, OPEN, CLOSE }

    private static Kind isDelimiter(Lines line, byte[] delimiter) {
        if (line.prefixLength < delimiter.length) {
            return Kind.NONE;
        }
        for (int i = 0; i < delimiter.length; i++) {
            if (line.prefix[i] != delimiter[i]) {
                return Kind.NONE;
            }
        }
        if (line.prefixLength == delimiter.length) {
            return line.prefixLength == line.length ? Kind.OPEN : Kind.NONE; // "--b" then the end of the message
        }
        byte after = line.prefix[delimiter.length];
        if (after == '-' && line.prefixLength > delimiter.length + 1 && line.prefix[delimiter.length + 1] == '-') {
            return Kind.CLOSE;
        }
        return after == ' ' || after == '\t' || after == '\r' || after == '\n' ? Kind.OPEN : Kind.NONE;
    }

    /** The raw message line by line: each line's first bytes, where it starts, where its line break starts and where it ends. */
    private static final class Lines {
        private final InputStream in;
        final byte[] prefix;
        int prefixLength;
        long length;
        long start;
        long breakStart;
        long end;

        Lines(InputStream in, int keep) {
            this.in = in;
            this.prefix = new byte[keep];
        }

        boolean next() throws IOException {
            start = end;
            prefixLength = 0;
            length = 0;
            int previous = -1;
            int b;
            while ((b = in.read()) >= 0) {
                if (prefixLength < prefix.length) {
                    prefix[prefixLength++] = (byte) b;
                }
                length++;
                if (b == '\n') {
                    breakStart = start + length - (previous == '\r' ? 2 : 1);
                    end = start + length;
                    return true;
                }
                previous = b;
            }
            breakStart = start + length;
            end = start + length;
            return length > 0;
        }
    }
}
