// The text the content filter matches: decoded header fields and text parts, line by line, from a stream.
package io.caravan.filter.content;

import io.caravan.mail.RawMessage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageTextTest {

    /** What a scan handed over. */
    private static final class Recorded implements MessageText.Visitor {
        final List<String> fields = new ArrayList<>();
        final List<String> lines = new ArrayList<>();

        @Override
        public void field(String name, String value) {
            fields.add(name + ": " + value);
        }

        @Override
        public void line(String text) {
            lines.add(text);
        }
    }

    private static Recorded read(RawMessage message) throws IOException {
        Recorded r = new Recorded();
        assertTrue(MessageText.read(message, r));
        return r;
    }

    private static Recorded read(String message) throws IOException {
        return read(RawMessage.of(message.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void topLevelFieldsAreUnfoldedAndTheirEncodedWordsDecoded() throws IOException {
        Recorded r = read("Subject: =?UTF-8?B?" + Base64.getEncoder().encodeToString("Günstige".getBytes(StandardCharsets.UTF_8))
                + "?=\r\n Medikamente\r\nFrom: a@b.test\r\n\r\nHello\r\n");
        assertEquals(List.of("Subject: Günstige Medikamente", "From: a@b.test"), r.fields);
        assertEquals(List.of("Hello"), r.lines);
    }

    @Test
    void quotedPrintableAndBase64TextPartsAreDecodedInTheirCharsets() throws IOException {
        String latin1 = Base64.getEncoder().encodeToString("Très bon marché\r\n".getBytes(StandardCharsets.ISO_8859_1));
        Recorded r = read("Content-Type: multipart/alternative; boundary=\"b\"\r\n\r\n"
                + "--b\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                + "cheap =\r\nmeds =E2=82=AC5\r\n"
                + "--b\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: base64\r\n\r\n" + latin1 + "\r\n"
                + "--b--\r\n");
        assertEquals(List.of("cheap meds €5", "Très bon marché"), r.lines);
    }

    @Test
    void htmlLosesItsTagsAndCommonEntities() throws IOException {
        Recorded r = read("Content-Type: text/html\r\n\r\n<p>Buy&nbsp;<b>cheap</b> meds &amp; more</p>\r\n");
        assertEquals(1, r.lines.size());
        assertEquals("buy cheap meds more", PhraseFinder.normalize(r.lines.get(0)));
    }

    @Test
    void attachmentsAreSkippedAndNestedMessagesRead() throws IOException {
        Recorded r = read("Content-Type: multipart/mixed; boundary=\"o\"\r\n\r\n"
                + "--o\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getEncoder().encodeToString("cheap meds in a pdf".getBytes(StandardCharsets.US_ASCII)) + "\r\n"
                + "--o\r\nContent-Type: message/rfc822\r\n\r\nSubject: inner\r\n\r\ninner text\r\n"
                + "--o--\r\n");
        assertEquals(List.of("inner text"), r.lines);
        assertEquals(List.of("Content-Type: multipart/mixed; boundary=\"o\""), r.fields, "only the top-level header");
    }

    @Test
    void aSpooledMessageIsReadToItsEndInBoundedLines() throws IOException {
        Path file = Files.createTempFile("large", ".eml");
        try {
            try (OutputStream out = Files.newOutputStream(file)) {
                out.write("Subject: big\r\nContent-Type: text/plain\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                byte[] line = "a rather ordinary line of text in a large message\r\n".getBytes(StandardCharsets.US_ASCII);
                for (long written = 0; written < 5L * RawMessage.SPOOL_THRESHOLD; written += line.length) {
                    out.write(line);
                }
                out.write("x".repeat(3 * MessageText.MAX_LINE).getBytes(StandardCharsets.US_ASCII)); // one line, no break
                out.write("\r\nthe last words\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            RawMessage spooled = RawMessage.spooled(file);
            assertTrue(spooled.isSpooled());
            int[] longest = {0};
            List<String> tail = new ArrayList<>();
            assertTrue(MessageText.read(spooled, new MessageText.Visitor() {
                @Override
                public void field(String name, String value) {
                }

                @Override
                public void line(String text) {
                    longest[0] = Math.max(longest[0], text.length());
                    tail.add(text);
                    if (tail.size() > 2) {
                        tail.remove(0);
                    }
                }
            }));
            assertEquals(MessageText.MAX_LINE, longest[0], "the line without a break was cut");
            assertEquals("the last words", tail.get(1));
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void brokenMimeIsReadAsFarAsItGoes() throws IOException {
        Recorded r = read("Content-Type: multipart/mixed; boundary=\"o\"\r\n\r\n"
                + "--o\r\nContent-Type: text/plain; charset=no-such-charset\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + "aGVsbG8gd29y!!!bGQ=\r\n"
                + "--o\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n<b>cheap =ZZ meds\r\n");
        assertEquals(2, r.lines.size(), r.lines.toString());
        assertTrue(r.lines.get(0).startsWith("hello wor"), r.lines.toString());
        assertEquals("cheap zz meds", PhraseFinder.normalize(r.lines.get(1)));
    }

    @Test
    void aHeaderLinePastTheParsersLimitStopsTheScanAndSaysSo() throws IOException {
        String huge = "X-Long: " + "y".repeat(70 * 1024) + "\r\n";
        Recorded r = new Recorded();
        assertFalse(MessageText.read(RawMessage.of(("Content-Type: multipart/mixed; boundary=\"o\"\r\n\r\n--o\r\n" + huge
                + "\r\ntext\r\n--o--\r\n").getBytes(StandardCharsets.US_ASCII)), r));
    }
}
