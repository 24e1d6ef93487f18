// Splits raw RFC 5322 bytes into header fields and the offset where the body starts, without copying anything.
package io.caravan.mail;


import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The header fields of a message, top to bottom, and where its body begins. Lines end at LF (a
 * CRLF's CR stays part of the line's bytes); a line starting with space or tab continues the field
 * above it; the first empty line ends the header. A message without an empty line has no body.
 * The fields are parsed from the message's {@link RawMessage#head() head}; the body may go on in a
 * spool file, and is only ever streamed ({@link #writeBody}).
 */
public final class MessageParts {

    private final RawMessage raw;
    private final byte[] message;
    private final List<HeaderField> fields;
    private final int bodyOffset;

    private MessageParts(RawMessage raw, List<HeaderField> fields, int bodyOffset) {
        this.raw = raw;
        this.message = raw.head();
        this.fields = fields;
        this.bodyOffset = bodyOffset;
    }

    public static MessageParts parse(byte[] message) {
        return parse(RawMessage.of(message));
    }

    public static MessageParts parse(RawMessage raw) {
        byte[] message = raw.head();
        List<HeaderField> fields = new ArrayList<>();
        int pos = 0;
        int length = message.length;
        while (pos < length) {
            if (message[pos] == '\n') {
                return new MessageParts(raw, List.copyOf(fields), pos + 1);
            }
            if (message[pos] == '\r' && pos + 1 < length && message[pos + 1] == '\n') {
                return new MessageParts(raw, List.copyOf(fields), pos + 2);
            }
            int start = pos;
            int end = lineEnd(message, pos);
            while (end < length && (message[end] == ' ' || message[end] == '\t')) {
                end = lineEnd(message, end);
            }
            fields.add(new HeaderField(message, start, end, name(message, start, end)));
            pos = end;
        }
        return new MessageParts(raw, List.copyOf(fields), length);
    }

    /** The bytes the fields point into: the whole message, or the head of a spooled one. */
    public byte[] message() {
        return message;
    }

    /** Every header field, top to bottom. */
    public List<HeaderField> fields() {
        return fields;
    }

    /** Offset of the first body byte in {@link #message()}; its length when the body is all beyond it, or absent. */
    public int bodyOffset() {
        return bodyOffset;
    }

    public long bodyLength() {
        return raw.size() - bodyOffset;
    }

    /** Streams the body, from the heap and then from the spool file when the message is spooled. */
    public void writeBody(OutputStream out) throws IOException {
        raw.writeTo(out, bodyOffset);
    }

    /** How many fields carry this name (ASCII case ignored). */
    public int count(String name) {
        int n = 0;
        for (HeaderField f : fields) {
            if (f.is(name)) {
                n++;
            }
        }
        return n;
    }

    /**
     * The fields a DKIM h= list selects (RFC 6376 §5.4.2): each name takes the bottom-most instance
     * not yet taken; a name with no instance left selects nothing, which is what makes listing a name
     * once more than it occurs ("oversigning") protect against a field added later.
     */
    public List<HeaderField> select(List<String> names) {
        List<HeaderField> selected = new ArrayList<>(names.size());
        boolean[] used = new boolean[fields.size()];
        for (String name : names) {
            for (int i = fields.size() - 1; i >= 0; i--) {
                if (!used[i] && fields.get(i).is(name)) {
                    used[i] = true;
                    selected.add(fields.get(i));
                    break;
                }
            }
        }
        return selected;
    }

    private static int lineEnd(byte[] message, int from) {
        for (int i = from; i < message.length; i++) {
            if (message[i] == '\n') {
                return i + 1;
            }
        }
        return message.length;
    }

    private static String name(byte[] message, int start, int end) {
        int colon = -1;
        for (int i = start; i < end && message[i] != '\n'; i++) {
            if (message[i] == ':') {
                colon = i;
                break;
            }
        }
        if (colon < 0) {
            return "";
        }
        int nameEnd = colon;
        while (nameEnd > start && (message[nameEnd - 1] == ' ' || message[nameEnd - 1] == '\t')) {
            nameEnd--;
        }
        return new String(message, start, nameEnd - start, StandardCharsets.UTF_8);
    }
}
