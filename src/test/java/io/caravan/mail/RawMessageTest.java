package io.caravan.mail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class RawMessageTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] large(String header) {
        StringBuilder sb = new StringBuilder(header);
        for (int i = 0; sb.length() < 2 * RawMessage.SPOOL_THRESHOLD; i++) {
            sb.append("line ").append(i).append("\r\n");
        }
        return bytes(sb.toString());
    }

    private static byte[] all(RawMessage m) throws IOException {
        try (InputStream in = m.open()) {
            return in.readAllBytes();
        }
    }

    @Test
    void aSpooledMessageKeepsOnlyItsHeaderSectionInTheHeap(@TempDir Path dir) throws IOException {
        byte[] original = large("Subject: big\r\nFrom: a@b.example\r\n\r\n");
        Path file = Files.write(dir.resolve("m"), original);

        RawMessage m = RawMessage.spooled(file);

        assertTrue(m.isSpooled());
        assertEquals("Subject: big\r\nFrom: a@b.example\r\n\r\n", new String(m.head(), StandardCharsets.ISO_8859_1));
        assertEquals(original.length, m.size());
        assertArrayEquals(original, all(m));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.writeTo(out);
        assertArrayEquals(original, out.toByteArray());
    }

    @Test
    void prependingChangesTheHeadOnlyAndCopiesShareTheFile(@TempDir Path dir) throws IOException {
        byte[] original = large("Subject: big\r\n\r\n");
        RawMessage m = RawMessage.spooled(Files.write(dir.resolve("m"), original));

        RawMessage signed = m.prepend(bytes("DKIM-Signature: x\r\n"));

        assertEquals(original.length + 19, signed.size());
        byte[] expected = new byte[original.length + 19];
        System.arraycopy(bytes("DKIM-Signature: x\r\n"), 0, expected, 0, 19);
        System.arraycopy(original, 0, expected, 19, original.length);
        assertArrayEquals(expected, all(signed));
        assertArrayEquals(original, all(m), "the original is unchanged");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        signed.writeTo(body, signed.head().length);
        assertEquals(original.length - "Subject: big\r\n\r\n".length(), body.size(), "writeTo from an offset skips the head");
        signed.release();
        assertFalse(Files.exists(dir.resolve("m")), "release deletes the one spool file");
    }

    @Test
    void onlyCompleteCrlfTerminatedFieldsArePrepended() {
        RawMessage m = RawMessage.of(bytes("Subject: x\r\n\r\nbody\r\n"));
        assertArrayEquals(bytes("A: 1\r\nSubject: x\r\n\r\nbody\r\n"), m.prepend(bytes("A: 1\r\n")).head());
        assertThrows(IllegalArgumentException.class, () -> m.prepend(bytes("A: 1")));
        assertSame(m, m.prepend(new byte[0]));
    }

    @Test
    void theHeadEndsAtTheEmptyLineWhateverTheLineEnds() {
        assertEquals(4, RawMessage.headerSectionLength(bytes("A:\n\nbody"), 8));
        assertEquals(6, RawMessage.headerSectionLength(bytes("A:\r\n\r\nbody"), 10));
        assertEquals(2, RawMessage.headerSectionLength(bytes("\r\nbody\r\n"), 8), "no header at all");
        assertEquals(6, RawMessage.headerSectionLength(bytes("A: 1\r\nB: 2"), 10), "no empty line: up to the last whole line");
    }

    @Test
    void aHeaderSectionBeyondTheHeadLimitIsCutAtALineEnd(@TempDir Path dir) throws IOException {
        StringBuilder header = new StringBuilder();
        while (header.length() < RawMessage.HEAD_LIMIT + 10_000) {
            header.append("X-Filler: ").append("y".repeat(60)).append("\r\n");
        }
        byte[] original = bytes(header + "\r\nbody\r\n");
        RawMessage m = RawMessage.spooled(Files.write(dir.resolve("m"), original));
        assertTrue(m.head().length <= RawMessage.HEAD_LIMIT);
        assertEquals('\n', m.head()[m.head().length - 1]);
        assertArrayEquals(original, all(m), "nothing is lost beyond the head");
    }
}
