// The tag rewrite: a Subject prefix and removed fields in the header section, every byte after it unchanged.
package io.caravan.filter.content;

import io.caravan.mail.RawMessage;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeadRewriteTest {

    private static final String BODY = "\r\nLine one =E2=82=AC\r\n\r\n  spaced  \r\n.dot\r\nX-Spam: not a header, body text\r\n";

    private static String text(RawMessage m) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.writeTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static RawMessage raw(String s) {
        return RawMessage.of(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void thePrefixGoesBeforeTheSubjectAndTheBodyIsUntouched() throws Exception {
        String head = "From: a@b.test\r\nSubject: Great\r\n offer\r\nTo: c@d.test\r\n";
        RawMessage tagged = HeadRewrite.apply(raw(head + BODY), "[SPAM]", Map.of());
        assertEquals("From: a@b.test\r\nSubject: [SPAM] Great\r\n offer\r\nTo: c@d.test\r\n" + BODY, text(tagged));
    }

    @Test
    void encodedWordsInTheSubjectStayAndAPrefixOutsideAsciiIsEncoded() throws Exception {
        RawMessage tagged = HeadRewrite.apply(raw("Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=\r\n" + BODY), "[Spam→]", Map.of());
        String subject = text(tagged).substring(0, text(tagged).indexOf("\r\n\r\n"));
        assertTrue(subject.endsWith(" =?UTF-8?Q?Gr=C3=BC=C3=9Fe?="), subject);
        assertTrue(subject.chars().allMatch(c -> c < 0x80), "written in ASCII: " + subject);
        assertEquals("Subject: [Spam→] Grüße", DecoderUtil.decodeEncodedWords(subject, DecodeMonitor.SILENT));
    }

    @Test
    void aSubjectWithoutSpaceOrTextStillReadsWell() throws Exception {
        assertEquals("Subject: [SPAM] x\r\n" + BODY, text(HeadRewrite.apply(raw("Subject:x\r\n" + BODY), "[SPAM]", Map.of())));
        assertEquals("Subject: [SPAM]\r\n" + BODY, text(HeadRewrite.apply(raw("Subject:\r\n" + BODY), "[SPAM]", Map.of())));
    }

    @Test
    void aMessageWithoutSubjectGetsOne() throws Exception {
        assertEquals("From: a@b.test\r\nSubject: [SPAM]\r\n" + BODY, text(HeadRewrite.apply(raw("From: a@b.test\r\n" + BODY), "[SPAM]", Map.of())));
    }

    @Test
    void removalsFollowRspamdsMilterOrder() throws Exception {
        String head = "X-Spam: 1\r\nX-Virus: a\r\nX-Spam: 2\r\nX-Virus: b\r\nX-Spam: 3\r\nx-status: keep\r\nX-Status: gone\r\n";
        Map<String, Integer> removals = new LinkedHashMap<>();
        removals.put("x-spam", 0);       // every occurrence
        removals.put("X-Virus", -1);     // the last
        removals.put("X-Status", 2);     // the second
        assertEquals("X-Virus: a\r\nx-status: keep\r\n" + BODY, text(HeadRewrite.apply(raw(head + BODY), "", removals)));
    }

    @Test
    void nothingToDoIsTheSameMessage() {
        RawMessage m = raw("Subject: hi\r\n" + BODY);
        assertSame(m, HeadRewrite.apply(m, "", Map.of()));
    }

    @Test
    void aSpooledMessageKeepsItsFileAndEveryByteAfterTheHeader() throws Exception {
        Path file = Files.createTempFile("spooled", ".eml");
        try {
            byte[] body = new byte[2 * RawMessage.SPOOL_THRESHOLD];
            Arrays.fill(body, (byte) 'x');
            for (int i = 80; i < body.length; i += 80) {
                body[i - 2] = '\r';
                body[i - 1] = '\n';
            }
            Files.write(file, concat("Subject: hello\r\nX-Spam: yes\r\n\r\n".getBytes(StandardCharsets.US_ASCII), body));
            RawMessage spooled = RawMessage.spooled(file);
            RawMessage tagged = HeadRewrite.apply(spooled, "[SPAM]", Map.of("X-Spam", 0));
            assertEquals(spooled.spoolFile(), tagged.spoolFile());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            tagged.writeTo(out);
            assertArrayEquals(concat("Subject: [SPAM] hello\r\n\r\n".getBytes(StandardCharsets.US_ASCII), body), out.toByteArray());
        } finally {
            Files.delete(file);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
