// ReplyText: a reply Jakarta Mail read one byte per character comes back as the next hop sent it.
package io.caravan.delivery;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ReplyTextTest {

    /** What Angus Mail's line reader makes of these bytes: one character per byte. */
    private static String readByJakartaMail(byte[] wire) {
        return new String(wire, StandardCharsets.ISO_8859_1);
    }

    @Test
    void aReplySentInUtf8IsDecodedAsUtf8() {
        String sent = "550 5.1.1 <j\u00f6rg@remote.test>: Mailbox unknown \u2713";

        assertEquals(sent, ReplyText.asSent(readByJakartaMail(sent.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void aReplyInAnotherEightBitCharsetIsKeptAsJakartaMailReadIt() {
        String read = readByJakartaMail("550 5.1.1 <j\u00f6rg@remote.test>: Mailbox unknown".getBytes(StandardCharsets.ISO_8859_1));

        assertEquals("550 5.1.1 <j\u00f6rg@remote.test>: Mailbox unknown", ReplyText.asSent(read));
    }

    @Test
    void anAsciiReplyIsUnchanged() {
        assertEquals("250 2.0.0 Ok\n", ReplyText.asSent("250 2.0.0 Ok\n"));
    }

    @Test
    void textThatWasNotReadByteByByteIsUnchanged() {
        String decoded = "550 5.1.1 \u00c3\u00b6 and \u2713";

        assertEquals(decoded, ReplyText.asSent(decoded));
    }

    @Test
    void noTextStaysNoText() {
        assertNull(ReplyText.asSent(null));
    }
}
