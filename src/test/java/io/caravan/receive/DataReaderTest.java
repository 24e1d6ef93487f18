package io.caravan.receive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.mail.RawMessage;
import io.caravan.mail.SmtpReply;
import io.caravan.queue.MessageSpool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DataReaderTest {

    private static final byte[] NO_PREFIX = new byte[0];
    /** Never written to: these messages stay under the spool threshold. */
    private static final MessageSpool SPOOL = new MessageSpool(Path.of("target", "never-used-spool"));

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static String text(RawMessage m) {
        assertFalse(m.isSpooled());
        return text(m.head());
    }

    /** Feeds the whole input in one call and returns the reader. */
    private static DataReader readAll(String data, long maxSize) {
        DataReader reader = new DataReader(NO_PREFIX, maxSize, SPOOL);
        byte[] in = bytes(data);
        reader.feed(in, 0, in.length);
        return reader;
    }

    @Test
    void simpleMessageEndsAtCrLfDotCrLfAndKeepsCrLfLineEndings() {
        String data = "Subject: hi\r\n\r\nline one\r\nline two\r\n.\r\n";
        DataReader reader = new DataReader(NO_PREFIX, 1000, SPOOL);
        byte[] in = bytes(data);

        int used = reader.feed(in, 0, in.length);

        assertEquals(in.length, used);
        assertTrue(reader.finished());
        assertNull(reader.rejection());
        assertEquals("Subject: hi\r\n\r\nline one\r\nline two\r\n", text(reader.message()));
    }

    @Test
    void crLfBeforeTheFinalDotBelongsToTheBody() {
        DataReader reader = readAll("body\r\n.\r\n", 1000);

        assertTrue(reader.finished());
        assertEquals("body\r\n", text(reader.message()));
        assertEquals(6, reader.size());
    }

    @Test
    void leadingDotIsUnstuffed() {
        DataReader reader = readAll("..x\r\n..\r\n...\r\na.b\r\n.\r\n", 1000);

        assertTrue(reader.finished());
        assertNull(reader.rejection());
        assertEquals(".x\r\n.\r\n..\r\na.b\r\n", text(reader.message()));
    }

    @Test
    void lonelyDotRightAwayIsAnEmptyMessage() {
        DataReader reader = new DataReader(NO_PREFIX, 1000, SPOOL);
        byte[] in = bytes(".\r\n");

        assertEquals(3, reader.feed(in, 0, in.length));
        assertTrue(reader.finished());
        assertNull(reader.rejection());
        assertEquals(0, reader.message().size());
        assertEquals(0, reader.size());
    }

    @Test
    void dataIsNotFinishedBeforeTheTerminatorArrives() {
        DataReader reader = readAll("body\r\n.", 1000);

        assertFalse(reader.finished());
        byte[] rest = bytes("\r\n");
        assertEquals(2, reader.feed(rest, 0, rest.length));
        assertTrue(reader.finished());
        assertEquals("body\r\n", text(reader.message()));
    }

    @Test
    void feedingOneByteAtATimeGivesTheSameMessage() {
        String data = "From: a@b.example\r\n\r\n..stuffed\r\n.. \r\n\r\nend\r\n.\r\n";
        DataReader whole = readAll(data, 1000);

        DataReader split = new DataReader(bytes("Received: x\r\n"), 1000, SPOOL);
        byte[] in = bytes(data);
        int consumed = 0;
        for (int i = 0; i < in.length; i++) {
            consumed += split.feed(in, i, i + 1);
        }

        assertTrue(whole.finished());
        assertTrue(split.finished());
        assertEquals(in.length, consumed);
        assertNull(split.rejection());
        assertEquals("From: a@b.example\r\n\r\n.stuffed\r\n. \r\n\r\nend\r\n", text(whole.message()));
        assertEquals("Received: x\r\n" + text(whole.message()), text(split.message()));
    }

    @Test
    void bytesAfterTheTerminatorAreNotConsumed() {
        byte[] in = bytes("XXhello\r\n.\r\nQUIT\r\n");
        DataReader reader = new DataReader(NO_PREFIX, 1000, SPOOL);

        int used = reader.feed(in, 2, in.length);

        assertEquals("hello\r\n.\r\n".length(), used);
        assertTrue(reader.finished());
        assertEquals("hello\r\n", text(reader.message()));
        // Once finished, further input is refused outright.
        assertEquals(0, reader.feed(in, 2 + used, in.length));
        assertEquals("hello\r\n", text(reader.message()));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"\\n.\\n", "\\r.\\r", "\\n.\\r\\n", "\\r\\n.\\n"})
    void smugglingSequenceNeverEndsDataAndGetsTheMessageRejected(String escaped) {
        String smuggle = escaped.replace("\\r", "\r").replace("\\n", "\n");
        String data = "Subject: x\r\n\r\nfirst" + smuggle + "MAIL FROM:<evil@x.example>\r\nRCPT TO:<victim@y.example>\r\n";
        DataReader reader = readAll(data, 10_000);

        assertFalse(reader.finished(), "a smuggling sequence must not end the data");

        byte[] end = bytes(".\r\n");
        assertEquals(3, reader.feed(end, 0, end.length));
        assertTrue(reader.finished());
        assertSame(DataReader.BARE_LINE_ENDING, reader.rejection());
        assertEquals(550, reader.rejection().code());
        assertEquals("5.6.0", reader.rejection().enhancedCode());
        assertNull(reader.message(), "the smuggled text stays inside this one message, which is refused");
    }

    @Test
    void bareLineFeedAloneIsRejected() {
        DataReader reader = readAll("line one\nline two\r\n.\r\n", 1000);

        assertTrue(reader.finished());
        assertSame(DataReader.BARE_LINE_ENDING, reader.rejection());
    }

    @Test
    void bareCarriageReturnAloneIsRejected() {
        DataReader reader = readAll("line one\rline two\r\n.\r\n", 1000);

        assertTrue(reader.finished());
        assertSame(DataReader.BARE_LINE_ENDING, reader.rejection());
    }

    @Test
    void bareCarriageReturnAfterALeadingDotIsRejectedAndDoesNotEndData() {
        DataReader reader = readAll("a\r\n.\rb\r\n", 1000);

        assertFalse(reader.finished());
        byte[] end = bytes(".\r\n");
        reader.feed(end, 0, end.length);
        assertTrue(reader.finished());
        assertSame(DataReader.BARE_LINE_ENDING, reader.rejection());
    }

    @Test
    void dataOfExactlyMaxSizeIsAccepted() {
        String body = "0123456789abc\r\n"; // 15 bytes
        DataReader reader = readAll(body + ".\r\n", 15);

        assertTrue(reader.finished());
        assertNull(reader.rejection());
        assertEquals(body, text(reader.message()));
    }

    @Test
    void dataOverMaxSizeIsRejectedWith552AndTheBufferStopsGrowingAtTheLimit() {
        byte[] prefix = bytes("Received: from x\r\n");
        long max = 100;
        DataReader reader = new DataReader(prefix, max, SPOOL);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            sb.append("line ").append(i).append(" of a message that is far too big\r\n");
        }
        sb.append(".\r\n");
        byte[] in = bytes(sb.toString());

        assertEquals(in.length, reader.feed(in, 0, in.length));

        assertTrue(reader.finished());
        SmtpReply rejection = reader.rejection();
        assertNotNull(rejection);
        assertEquals(552, rejection.code());
        assertEquals("5.3.4", rejection.enhancedCode());
        assertTrue(rejection.text().contains("100"), rejection.text());
        assertNull(reader.message());
        assertEquals(in.length - 3, reader.size(), "bytes past the limit are still counted");
    }

    @Test
    void tooBigTakesPrecedenceOverBareLineEnding() {
        DataReader reader = readAll("a\nbcdefghij\r\n.\r\n", 5);

        assertTrue(reader.finished());
        assertEquals(552, reader.rejection().code());
    }

    @Test
    void prefixIsNotCountedTowardTheLimit() {
        byte[] prefix = new byte[500];
        Arrays.fill(prefix, (byte) 'P');
        DataReader reader = new DataReader(prefix, 10, SPOOL);
        byte[] in = bytes("12345678\r\n.\r\n"); // exactly 10 bytes of data

        reader.feed(in, 0, in.length);

        assertTrue(reader.finished());
        assertNull(reader.rejection());
        assertEquals(510, reader.message().size());
        assertEquals("12345678\r\n", text(Arrays.copyOfRange(reader.message().head(), 500, 510)));
    }

    @Test
    void aLineOf998OctetsBeforeItsCrLfIsAccepted() {
        DataReader reader = readAll("Subject: x\r\n\r\n" + "a".repeat(998) + "\r\n.\r\n", 1_000_000);
        assertTrue(reader.finished());
        assertNull(reader.rejection());
    }

    @Test
    void aLineOf999OctetsBeforeItsCrLfRefusesTheMessageAtTheEnd() {
        DataReader reader = readAll("Subject: x\r\n\r\n" + "a".repeat(999) + "\r\nNOOP\r\n.\r\n", 1_000_000);
        assertTrue(reader.finished(), "the data is read to its real end, so the session stays in step");
        assertEquals("550 5.6.0 Message contains a line longer than 998 octets (RFC 5322 2.1.1)", reader.rejection().toWire().strip());
        assertNull(reader.message());
    }

    @Test
    void aStuffedLeadingDotCountsAsItGoesOutStuffed() {
        assertNull(readAll(".." + "a".repeat(996) + "\r\n.\r\n", 1_000_000).rejection(), "998 octets on the wire");
        assertNotNull(readAll(".." + "a".repeat(997) + "\r\n.\r\n", 1_000_000).rejection(), "998 unstuffed, 999 on the wire");
    }

    @Test
    void aLongLineSplitAcrossManyReadsIsCountedAsItArrives() {
        DataReader reader = new DataReader(NO_PREFIX, 10_000_000, 1000, SPOOL);
        byte[] chunk = bytes("b".repeat(700));
        reader.feed(chunk, 0, chunk.length);
        reader.feed(chunk, 0, chunk.length);
        byte[] end = bytes("\r\n.\r\n");
        reader.feed(end, 0, end.length);
        assertTrue(reader.finished());
        assertNotNull(reader.rejection());
    }

    @Test
    void aConnectorMayLiftTheLineLimit() {
        DataReader reader = new DataReader(NO_PREFIX, 10_000_000, 0, SPOOL);
        byte[] in = bytes("c".repeat(5000) + "\r\n.\r\n");
        reader.feed(in, 0, in.length);
        assertNull(reader.rejection());
    }
}
