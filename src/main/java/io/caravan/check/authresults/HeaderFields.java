// Byte-exact walk over a message's header section that drops the fields only Caravan may write: our Authentication-Results, X-Caravan-*.
package io.caravan.check.authresults;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Works on the raw bytes and never decodes and re-encodes what it keeps. The header section ends at
 * the first empty line, or at the first line that is neither a header field nor a continuation line
 * (so a malformed message's body is never searched). Lines may end in CRLF or a bare LF.
 */
final class HeaderFields {

    private static final byte[] NAME = AuthenticationResults.FIELD_NAME.getBytes(StandardCharsets.US_ASCII);
    /** The prefix of the fields our agents write (X-Caravan-Spam, X-Caravan-Malware, ...): a sender's are forgeries. */
    private static final byte[] VERDICT_PREFIX = "X-Caravan-".getBytes(StandardCharsets.US_ASCII);

    private HeaderFields() {
    }

    static byte[] withoutForged(byte[] message, String authservId) {
        List<int[]> removed = new ArrayList<>();
        int pos = 0;
        while (pos < message.length) {
            int colon = fieldColon(message, pos);
            if (colon < 0) {
                if (isWhitespace(message, pos) && pos == 0) {
                    pos = lineEnd(message, pos); // a stray continuation line before any field: kept
                    continue;
                }
                break; // empty line (end of header) or not a field (start of body)
            }
            int end = lineEnd(message, pos);
            while (end < message.length && isWhitespace(message, end)) {
                end = lineEnd(message, end);
            }
            if (isAuthenticationResults(message, pos) && claims(message, colon + 1, end, authservId)
                    || startsWithIgnoringCase(message, pos, colon, VERDICT_PREFIX)) {
                removed.add(new int[] {pos, end});
            }
            pos = end;
        }
        if (removed.isEmpty()) {
            return message;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length);
        int kept = 0;
        for (int[] range : removed) {
            out.write(message, kept, range[0] - kept);
            kept = range[1];
        }
        out.write(message, kept, message.length - kept);
        return out.toByteArray();
    }

    /** Index of the ':' ending the field name on the line at {@code start}, or -1 if the line is no field. */
    private static int fieldColon(byte[] m, int start) {
        int i = start;
        while (i < m.length && m[i] >= 0x21 && m[i] <= 0x7e && m[i] != ':') {
            i++;
        }
        if (i == start) {
            return -1;
        }
        while (i < m.length && (m[i] == ' ' || m[i] == '\t')) {
            i++; // obsolete syntax: white space before the colon
        }
        return i < m.length && m[i] == ':' ? i : -1;
    }

    private static boolean isAuthenticationResults(byte[] m, int start) {
        if (start + NAME.length > m.length) {
            return false;
        }
        for (int i = 0; i < NAME.length; i++) {
            if (Character.toLowerCase(m[start + i]) != Character.toLowerCase(NAME[i])) {
                return false;
            }
        }
        byte after = start + NAME.length < m.length ? m[start + NAME.length] : 0;
        return after == ':' || after == ' ' || after == '\t';
    }

    /** True when the field name from {@code start} to {@code colon} begins with {@code prefix}, in any case. */
    private static boolean startsWithIgnoringCase(byte[] m, int start, int colon, byte[] prefix) {
        if (colon - start < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (Character.toLowerCase(m[start + i]) != Character.toLowerCase(prefix[i])) {
                return false;
            }
        }
        return true;
    }

    /** True when the field value from {@code from} to {@code to} starts, after CFWS, with our authserv-id. */
    private static boolean claims(byte[] m, int from, int to, String authservId) {
        int i = skipCfws(m, from, to);
        ByteArrayOutputStream id = new ByteArrayOutputStream();
        if (i < to && m[i] == '"') {
            for (i++; i < to && m[i] != '"'; i++) {
                if (m[i] == '\\' && i + 1 < to) {
                    i++;
                }
                if (m[i] != '\r' && m[i] != '\n') {
                    id.write(m[i]);
                }
            }
            if (i >= to) {
                return false; // unterminated quoted-string
            }
        } else {
            for (; i < to && isTokenByte(m[i]); i++) {
                id.write(m[i]);
            }
        }
        return id.size() > 0 && id.toString(StandardCharsets.UTF_8).equalsIgnoreCase(authservId.strip());
    }

    /** Skips folding white space and (nested) comments with quoted-pairs. */
    private static int skipCfws(byte[] m, int i, int to) {
        int depth = 0;
        for (; i < to; i++) {
            byte b = m[i];
            if (depth > 0) {
                if (b == '\\') {
                    i++;
                } else if (b == '(') {
                    depth++;
                } else if (b == ')') {
                    depth--;
                }
            } else if (b == '(') {
                depth = 1;
            } else if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return i;
            }
        }
        return to;
    }

    /** RFC 2045 token octets; bytes of UTF-8 sequences count too (RFC 8616 allows UTF-8 in header values). */
    private static boolean isTokenByte(byte b) {
        if (b < 0) {
            return true;
        }
        return b > 0x20 && b < 0x7f && "()<>@,;:\\\"/[]?=".indexOf(b) < 0;
    }

    /** True when the line at {@code start} begins with SP or HTAB, i.e. continues the previous field. */
    private static boolean isWhitespace(byte[] m, int start) {
        return start < m.length && (m[start] == ' ' || m[start] == '\t');
    }

    /** Index just after the LF ending the line at {@code start}, or the message length. */
    private static int lineEnd(byte[] m, int start) {
        int i = start;
        while (i < m.length && m[i] != '\n') {
            i++;
        }
        return Math.min(i + 1, m.length);
    }
}
