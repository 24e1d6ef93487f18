package io.caravan.mail;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class LogTextTest {

    @Test
    void lineBreaksAndControlCharactersCannotStartAForgedLine() {
        assertEquals("bob\\x0d\\x0a2026-12-04 ERROR forged", LogText.escape("bob\r\n2026-12-04 ERROR forged"));
        assertEquals("nul\\x00esc\\x1b[31mdel\\x7fc1\\x85", LogText.escape("nul\0esc\u001b[31mdel\u007fc1\u0085"));
        assertEquals("a\\u2028b\\u2029c", LogText.escape("a\u2028b\u2029c"));
    }

    @Test
    void printableTextIncludingNonAsciiIsKeptAsItIs() {
        String clean = "jörg@bücher.example \"quoted\" back\\slash";
        assertSame(clean, LogText.escape(clean));
    }

    @Test
    void escapingTwiceChangesNothingMore() {
        String once = LogText.escape("user\nname\t1");
        assertEquals(once, LogText.escape(once));
    }
}
