// MessageIds: the Message-ID and Subject tracking records, read once from the header section, bounded.
package io.caravan.mail;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MessageIdsTest {

    private static RawMessage message(String text) {
        return RawMessage.of(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theFirstMessageIdWithoutItsAngleBrackets() {
        RawMessage m = message("Received: x\r\nmessage-id:  <abc.123@example.com> \r\nMessage-ID: <second@example.com>\r\n\r\nbody\r\n");
        assertEquals("abc.123@example.com", MessageIds.messageId(m));
    }

    @Test
    void aFoldedMessageIdIsUnfolded() {
        assertEquals("folded@example.com", MessageIds.messageId(message("Message-ID:\r\n <folded@example.com>\r\n\r\n")));
    }

    @Test
    void noMessageIdIsEmpty() {
        assertEquals("", MessageIds.messageId(message("Subject: x\r\n\r\nMessage-ID: <in-the-body@example.com>\r\n")));
    }

    @Test
    void aMessageIdWithoutBracketsIsTakenAsItIs() {
        assertEquals("bare@example.com", MessageIds.messageId(message("Message-ID: bare@example.com\r\n\r\n")));
    }

    @Test
    void aHugeMessageIdIsCut() {
        String id = "x".repeat(5000) + "@example.com";
        assertEquals(MessageIds.MAX_LENGTH, MessageIds.messageId(message("Message-ID: <" + id + ">\r\n\r\n")).length());
    }

    @Test
    void theSubjectAsItIsInTheHeader() {
        assertEquals("=?utf-8?q?Gr=C3=BC=C3=9Fe?= and more",
                MessageIds.subject(message("Subject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=\r\n and more\r\n\r\n")));
    }
}
