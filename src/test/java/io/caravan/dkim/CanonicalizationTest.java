package io.caravan.dkim;

import io.caravan.mail.HeaderField;
import io.caravan.mail.MessageParts;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CanonicalizationTest {

    /** RFC 6376 §3.4.5: the example message, with its SP, HTAB and CRLF spelled out there. */
    private static final String EXAMPLE = "A: X\r\n"
            + "B : Y\t\r\n"
            + "\tZ  \r\n"
            + "\r\n"
            + " C \r\n"
            + "D \t E\r\n"
            + "\r\n"
            + "\r\n";

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String headers(Canonicalization c, String message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (HeaderField f : MessageParts.parse(bytes(message)).fields()) {
            out.writeBytes(c.header(f));
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String body(Canonicalization c, String message) {
        MessageParts parts = MessageParts.parse(bytes(message));
        byte[] m = parts.message();
        byte[] body = java.util.Arrays.copyOfRange(m, parts.bodyOffset(), m.length);
        return new String(c.body(body), StandardCharsets.UTF_8);
    }

    @Test
    void relaxedHeadersOfTheRfcExampleAreLowerCasedUnfoldedAndSqueezed() {
        assertEquals("a:X\r\nb:Y Z\r\n", headers(Canonicalization.RELAXED, EXAMPLE));
    }

    @Test
    void relaxedBodyOfTheRfcExampleSqueezesWhitespaceAndDropsTrailingEmptyLines() {
        assertEquals(" C\r\nD E\r\n", body(Canonicalization.RELAXED, EXAMPLE));
    }

    @Test
    void simpleHeadersOfTheRfcExampleAreUnchanged() {
        assertEquals("A: X\r\nB : Y\t\r\n\tZ  \r\n", headers(Canonicalization.SIMPLE, EXAMPLE));
    }

    @Test
    void simpleBodyOfTheRfcExampleOnlyDropsTrailingEmptyLines() {
        assertEquals(" C \r\nD \t E\r\n", body(Canonicalization.SIMPLE, EXAMPLE));
    }

    @Test
    void anEmptyBodyIsCrlfWhenSimpleAndNothingWhenRelaxed() {
        assertArrayEquals(bytes("\r\n"), Canonicalization.SIMPLE.body(new byte[0]));
        assertArrayEquals(new byte[0], Canonicalization.RELAXED.body(new byte[0]));
        assertArrayEquals(bytes("\r\n"), Canonicalization.SIMPLE.body(bytes("\r\n\r\n\r\n")));
        assertArrayEquals(new byte[0], Canonicalization.RELAXED.body(bytes(" \r\n\t\r\n")));
    }

    @Test
    void aLastLineWithoutCrlfGetsOne() {
        assertEquals("Joe.\r\n", new String(Canonicalization.SIMPLE.body(bytes("Joe.")), StandardCharsets.UTF_8));
        assertEquals("Joe.\r\n", new String(Canonicalization.RELAXED.body(bytes("Joe.  ")), StandardCharsets.UTF_8));
    }

    @Test
    void emptyLinesInsideTheBodyAreKept() {
        assertEquals("a\r\n\r\n\r\nb\r\n",
                new String(Canonicalization.RELAXED.body(bytes("a\r\n \r\n\r\nb\r\n\r\n")), StandardCharsets.UTF_8));
    }

    @Test
    void relaxedHeaderDropsWhitespaceAroundTheColonAndAtTheEnd() {
        HeaderField f = MessageParts.parse(bytes("SubJect \t:  A \r\n\t B  \r\n\r\n")).fields().get(0);
        assertEquals("subject:A B\r\n", new String(Canonicalization.RELAXED.header(f), StandardCharsets.UTF_8));
    }

    @Test
    void relaxedHeaderKeepsNonAsciiBytesAndTheirCase() {
        HeaderField f = MessageParts.parse(bytes("Subject: Grüße  ÄÖ\r\n\r\n")).fields().get(0);
        assertEquals("subject:Grüße ÄÖ\r\n", new String(Canonicalization.RELAXED.header(f), StandardCharsets.UTF_8));
    }

    @Test
    void aLoneCrOrLfInTheBodyIsAnOrdinaryByte() {
        assertEquals("a\rb\nc\r\n", new String(Canonicalization.SIMPLE.body(bytes("a\rb\nc")), StandardCharsets.UTF_8));
    }

    @Test
    void canonicalizationNamesParseIgnoringCase() {
        assertEquals(Canonicalization.RELAXED, Canonicalization.of("Relaxed"));
        assertEquals(Canonicalization.SIMPLE, Canonicalization.of("simple"));
        assertThrows(IllegalArgumentException.class, () -> Canonicalization.of("nowsp"));
        assertEquals(List.of("simple", "relaxed"), List.of(Canonicalization.SIMPLE.tag(), Canonicalization.RELAXED.tag()));
    }
}
