package io.caravan.receive;

import io.caravan.mail.RawMessage;
import io.caravan.queue.MessageSpool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

class MessageBufferTest {

    @TempDir
    Path dir;

    private MessageSpool spool() {
        return new MessageSpool(dir.resolve("spool"));
    }

    private long spooledFiles() throws IOException {
        Path spool = dir.resolve("spool");
        if (!Files.isDirectory(spool)) {
            return 0;
        }
        try (var files = Files.list(spool)) {
            return files.count();
        }
    }

    @Test
    void aSmallMessageStaysInTheHeap() throws IOException {
        MessageBuffer buf = new MessageBuffer("Received: x\r\n".getBytes(StandardCharsets.US_ASCII), spool());
        byte[] body = "a".repeat(40_000).getBytes(StandardCharsets.US_ASCII);
        buf.append(body, 0, body.length);
        buf.append((byte) '!');
        RawMessage m = buf.take(null);
        assertFalse(m.isSpooled());
        assertEquals("Received: x\r\n" + "a".repeat(40_000) + "!", new String(m.head(), StandardCharsets.US_ASCII));
        assertNull(buf.rejection());
        assertEquals(0, spooledFiles());
    }

    @Test
    void fromOneMebibyteOnTheMessageGoesToASpoolFileWithEveryByteInOrder() throws IOException {
        byte[] prefix = "Received: x\r\nSubject: big\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        MessageBuffer buf = new MessageBuffer(prefix, spool());
        byte[] expected = new byte[prefix.length + 3 * RawMessage.SPOOL_THRESHOLD];
        System.arraycopy(prefix, 0, expected, 0, prefix.length);
        int at = prefix.length;
        for (int chunk = 0; at < expected.length; chunk++) {
            int n = Math.min(expected.length - at, 1000 + chunk % 7000); // runs, then a single byte, as DataReader feeds
            byte[] run = new byte[n];
            Arrays.fill(run, (byte) ('a' + chunk % 26));
            buf.append(run, 0, n - 1);
            buf.append(run[n - 1]);
            System.arraycopy(run, 0, expected, at, n);
            at += n;
        }
        RawMessage m = buf.take(null);
        assertTrue(m.isSpooled());
        assertEquals(expected.length, m.size());
        assertArrayEquals(prefix, m.head(), "the head is the header section");
        try (InputStream in = m.open()) {
            assertArrayEquals(expected, in.readAllBytes());
        }
        assertEquals(1, spooledFiles());
        m.release();
        assertEquals(0, spooledFiles());
    }

    @Test
    void aRefusedOrAbandonedMessageLeavesNothingInTheSpool() throws IOException {
        byte[] big = new byte[RawMessage.SPOOL_THRESHOLD + 1];
        MessageBuffer refused = new MessageBuffer(new byte[0], spool());
        refused.append(big, 0, big.length);
        assertEquals(1, spooledFiles());
        assertNull(refused.take(DataReader.BARE_LINE_ENDING));
        assertEquals(0, spooledFiles());

        MessageBuffer abandoned = new MessageBuffer(new byte[0], spool());
        abandoned.append(big, 0, big.length);
        abandoned.discard();
        assertEquals(0, spooledFiles());
    }

    @Test
    void aSpoolThatCannotBeWrittenBecomesA452NotAnError() throws IOException {
        Files.writeString(dir.resolve("not-a-directory"), "x");
        MessageBuffer buf = new MessageBuffer(new byte[10], new MessageSpool(dir.resolve("not-a-directory").resolve("spool")));
        byte[] big = new byte[RawMessage.SPOOL_THRESHOLD];
        buf.append(big, 0, big.length);
        buf.append((byte) 'x'); // later bytes are counted by the caller and dropped here
        assertEquals(MessageBuffer.NO_ROOM, buf.rejection());
        assertEquals("452 4.3.1", buf.rejection().code() + " " + buf.rejection().enhancedCode());
        assertNull(buf.take(null));
    }
}
