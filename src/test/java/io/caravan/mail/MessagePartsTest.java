package io.caravan.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessagePartsTest {

    private static MessageParts parse(String s) {
        return MessageParts.parse(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void splitsFieldsWithTheirContinuationLinesAndFindsTheBody() {
        MessageParts parts = parse("From: a@example.com\r\nSubject: one\r\n two\r\n\tthree\r\nTo : b@example.com\r\n\r\nbody\r\n");
        assertEquals(List.of("From", "Subject", "To"), parts.fields().stream().map(HeaderField::name).toList());
        assertEquals("Subject: one\r\n two\r\n\tthree\r\n", parts.fields().get(1).toString());
        assertEquals(" one two\tthree", parts.fields().get(1).unfoldedValue());
        assertEquals("body\r\n", new String(parts.message(), parts.bodyOffset(), (int) parts.bodyLength(), StandardCharsets.UTF_8));
    }

    @Test
    void pointsIntoTheMessageInsteadOfCopyingIt() {
        byte[] message = "A: 1\r\n\r\nbody".getBytes(StandardCharsets.UTF_8);
        MessageParts parts = MessageParts.parse(message);
        assertSame(message, parts.message());
        assertSame(message, parts.fields().get(0).message());
        assertEquals(8, parts.bodyOffset());
    }

    @Test
    void aMessageWithoutAnEmptyLineHasNoBody() {
        MessageParts parts = parse("A: 1\r\nB: 2\r\n");
        assertEquals(2, parts.fields().size());
        assertEquals(0, parts.bodyLength());
    }

    @Test
    void anEmptyBodyAfterTheSeparatorHasLengthZero() {
        MessageParts parts = parse("A: 1\r\n\r\n");
        assertEquals(0, parts.bodyLength());
    }

    @Test
    void selectionTakesTheBottomMostUnusedInstanceAndSkipsMissingOnes() {
        MessageParts parts = parse("From: first\r\nTo: x\r\nfrom: second\r\n\r\n");
        List<HeaderField> selected = parts.select(List.of("from", "FROM", "from", "subject"));
        assertEquals(List.of("from: second\r\n", "From: first\r\n"), selected.stream().map(HeaderField::toString).toList());
    }

    @Test
    void countsFieldsIgnoringCase() {
        assertEquals(2, parse("To: a\r\nTO: b\r\nCc: c\r\n\r\n").count("to"));
    }
}
