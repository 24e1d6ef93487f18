// Reads a message's text the way the content filter matches it: top-level fields decoded, text parts decoded, line by line.
package io.caravan.filter.content;

import io.caravan.mail.RawMessage;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.MimeIOException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Apache James mime4j's pull parser walks the message as a stream (a spooled 50 MB message never
 * enters the heap whole): the top-level header fields are unfolded and their encoded words (RFC 2047)
 * decoded; each text/plain and text/html part, wherever it sits in the MIME tree, is decoded from
 * quoted-printable or base64 and from its charset, and handed over a line at a time, a line cut
 * every {@link #MAX_LINE} characters. HTML loses its tags (within a line) and its commonest entities.
 * Attachments of other types are skipped without being decoded.
 */
final class MessageText {

    /** What the scan hands over. */
    interface Visitor {
        /** A top-level header field, unfolded and decoded. */
        void field(String name, String value);

        /** A line of body text, without its line break. */
        void line(String text);
    }

    /** The longest piece of body text handed over at once. */
    static final int MAX_LINE = 16 * 1024;

    private static final MimeConfig LIMITS = MimeConfig.custom()
            .setMaxLineLen(64 * 1024)
            .setMaxHeaderLen(RawMessage.SPOOL_THRESHOLD)
            .setMaxHeaderCount(10_000)
            .setMaxContentLen(-1)
            .setStrictParsing(false)
            .build();
    private static final Pattern TAG = Pattern.compile("<[^>]*>");

    private MessageText() {
    }

    /**
     * Reads the whole message.
     *
     * @return false when its MIME structure went past the parser's limits (a header line over 64 KiB,
     *         nesting too deep) and the scan stopped there
     */
    static boolean read(RawMessage message, Visitor visitor) throws IOException {
        MimeTokenStream stream = new MimeTokenStream(LIMITS);
        try (InputStream in = message.open()) {
            stream.parse(in);
            boolean topLevel = true;
            for (EntityState state = stream.getState(); state != EntityState.T_END_OF_STREAM; state = stream.next()) {
                if (state == EntityState.T_FIELD && topLevel) {
                    Field field = stream.getField();
                    visitor.field(field.getName(), decode(field.getBody()));
                } else if (state == EntityState.T_END_HEADER) {
                    topLevel = false;
                } else if (state == EntityState.T_BODY) {
                    BodyDescriptor part = stream.getBodyDescriptor();
                    String type = part.getMimeType().toLowerCase(Locale.ROOT);
                    if (type.equals("text/plain") || type.equals("text/html")) {
                        Reader text = new InputStreamReader(stream.getDecodedInputStream(), charset(part.getCharset()));
                        lines(text, type.equals("text/html"), visitor);
                    }
                }
            }
            return true;
        } catch (MimeException | MimeIOException e) {
            return false;
        }
    }

    private static String decode(String folded) {
        return DecoderUtil.decodeEncodedWords(folded.replaceAll("\r?\n(?=[ \t])", ""), DecodeMonitor.SILENT).strip();
    }

    /** The part's charset; US-ASCII (the default, often wrong) and unknown names read as UTF-8. */
    private static Charset charset(String name) {
        if (name == null || name.isBlank() || name.equalsIgnoreCase("us-ascii")) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(name.strip());
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }

    private static void lines(Reader text, boolean html, Visitor visitor) throws IOException {
        char[] buffer = new char[8192];
        StringBuilder line = new StringBuilder();
        for (int n = text.read(buffer); n >= 0; n = text.read(buffer)) {
            for (int i = 0; i < n; i++) {
                char c = buffer[i];
                if (c == '\n' || line.length() == MAX_LINE) {
                    emit(line, html, visitor);
                }
                if (c != '\n') {
                    line.append(c);
                }
            }
        }
        if (line.length() > 0) {
            emit(line, html, visitor);
        }
    }

    private static void emit(StringBuilder line, boolean html, Visitor visitor) {
        int end = line.length() > 0 && line.charAt(line.length() - 1) == '\r' ? line.length() - 1 : line.length();
        String text = line.substring(0, end);
        line.setLength(0);
        visitor.line(html ? plain(text) : text);
    }

    private static String plain(String html) {
        return TAG.matcher(html).replaceAll(" ").replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
    }
}
