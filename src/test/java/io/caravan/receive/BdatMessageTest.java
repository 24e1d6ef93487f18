// BDAT chunks: the line-length limit holds across chunk boundaries, counting a leading dot as DATA would stuff it.
package io.caravan.receive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.caravan.queue.MessageSpool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BdatMessageTest {

    private static final MessageSpool SPOOL = new MessageSpool(Path.of("target", "never-used-spool"));

    private static BdatMessage chunks(String... parts) {
        BdatMessage m = new BdatMessage(new byte[0], 10_000_000, 1000, SPOOL);
        for (int i = 0; i < parts.length; i++) {
            byte[] b = parts[i].getBytes(StandardCharsets.US_ASCII);
            m.startChunk(b.length, i == parts.length - 1);
            m.feed(b, 0, b.length);
        }
        return m;
    }

    @Test
    void aLineOf998OctetsIsAccepted() {
        assertNull(chunks("Subject: x\r\n\r\n" + "a".repeat(500), "a".repeat(498) + "\r\n").rejection());
    }

    @Test
    void aLongerLineSplitAcrossChunksIsRefused() {
        BdatMessage m = chunks("Subject: x\r\n\r\n" + "a".repeat(500), "a".repeat(499) + "\r\n");
        assertEquals("550 5.6.0 Message contains a line longer than 998 octets (RFC 5322 2.1.1)", m.rejection().toWire().strip());
        assertNull(m.message());
    }

    @Test
    void aLeadingDotCountsOnceMore() {
        assertNull(chunks("." + "a".repeat(996) + "\r\n").rejection(), "997 octets, 998 once stuffed");
        assertNotNull(chunks("." + "a".repeat(997) + "\r\n").rejection(), "998 octets, 999 once stuffed");
    }
}
