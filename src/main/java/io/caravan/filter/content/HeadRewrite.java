// Changes the header section of mail the content filter tags: a Subject prefix, and the fields rspamd asks to remove.
package io.caravan.filter.content;

import io.caravan.mail.HeaderField;
import io.caravan.mail.MessageParts;
import io.caravan.mail.RawMessage;
import org.apache.james.mime4j.codec.EncoderUtil;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Only the header section changes; every byte after it (the body, in the heap or in a spool file) is
 * the client's. The prefix goes after "Subject:" and before the original text, which stays as it was
 * (encoded words included); a prefix that is not ASCII is written as an encoded word (RFC 2047). A
 * message without a Subject gets one. Removals follow rspamd's milter protocol: for each field name,
 * 0 removes every occurrence, n the n-th from the top, -n the n-th from the bottom.
 */
final class HeadRewrite {

    private HeadRewrite() {
    }

    /** The message with the prefix and removals applied; the same message when there is nothing to do. */
    static RawMessage apply(RawMessage message, String subjectPrefix, Map<String, Integer> removals) {
        if (subjectPrefix.isEmpty() && removals.isEmpty()) {
            return message;
        }
        MessageParts parts = MessageParts.parse(message);
        List<HeaderField> fields = parts.fields();
        byte[] head = message.head();
        int headerEnd = fields.isEmpty() ? 0 : fields.get(fields.size() - 1).end();
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length + 64);
        Map<String, Integer> seen = new HashMap<>();
        boolean prefixed = subjectPrefix.isEmpty();
        for (HeaderField f : fields) {
            String name = f.name().toLowerCase(Locale.ROOT);
            int index = seen.merge(name, 1, Integer::sum);
            if (removed(f, index, parts, removals)) {
                continue;
            }
            if (!prefixed && f.is("Subject")) {
                int afterColon = f.colon() + 1;
                out.write(head, f.start(), afterColon - f.start());
                String original = new String(head, afterColon, f.end() - afterColon, StandardCharsets.ISO_8859_1).strip();
                out.writeBytes((" " + prefix(subjectPrefix, original.startsWith("=?"))).getBytes(StandardCharsets.UTF_8));
                boolean spaced = afterColon < f.end() && (head[afterColon] == ' ' || head[afterColon] == '\t'
                        || head[afterColon] == '\r' || head[afterColon] == '\n');
                if (!spaced) {
                    out.write(' ');
                }
                out.write(head, afterColon, f.end() - afterColon);
                prefixed = true;
            } else {
                out.write(head, f.start(), f.end() - f.start());
            }
        }
        if (!prefixed) {
            out.writeBytes(("Subject: " + prefix(subjectPrefix, false) + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        out.write(head, headerEnd, head.length - headerEnd);
        return message.withHead(out.toByteArray());
    }

    private static boolean removed(HeaderField f, int index, MessageParts parts, Map<String, Integer> removals) {
        for (Map.Entry<String, Integer> r : removals.entrySet()) {
            if (f.is(r.getKey())) {
                int which = r.getValue();
                return which == 0 || which == index || which < 0 && parts.count(f.name()) + which + 1 == index;
            }
        }
        return false;
    }

    /**
     * The prefix as written: ASCII as it is, else an encoded word. White space between two encoded words
     * is not text (RFC 2047 §6.2), so before a Subject that starts with one, the space goes inside.
     */
    private static String prefix(String text, boolean encodedWordFollows) {
        if (text.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            return text;
        }
        return EncoderUtil.encodeEncodedWord(encodedWordFollows ? text + " " : text, EncoderUtil.Usage.TEXT_TOKEN);
    }
}
