// Addresses under SMTPUTF8: malformed UTF-8 is refused (501 5.1.7 / 5.1.3), never replaced; 8-bit without SMTPUTF8 gets 553 5.6.7.
package io.caravan.receive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bytes as a socket delivers them (ISO-8859-1 in the strings = the raw octets). Over real sockets: {@code it/ReceiveSecurityTest}. */
class SmtpSessionUtf8Test {

    private static TestSession greeted() {
        TestSession s = TestSession.withBareNewlines(false);
        s.feed("EHLO client.test\r\n");
        s.replies.clear();
        return s;
    }

    @Test
    void aSenderWithMalformedUtf8IsRefusedEvenWithSmtpUtf8() {
        TestSession s = greeted();
        s.feed("MAIL FROM:<s\u00ff@client.test> SMTPUTF8\r\n");
        s.feed("RCPT TO:<u@example.com>\r\n");
        assertEquals(List.of("501 5.1.7 Bad sender address syntax: not valid UTF-8", "503 5.5.1 Error: need MAIL command"), s.replies);
    }

    @Test
    void aRecipientWithMalformedUtf8IsRefusedAndTheTransactionGoesOn() {
        TestSession s = greeted();
        s.feed("MAIL FROM:<s@client.test> SMTPUTF8\r\n");
        s.feed("RCPT TO:<bad\u00ff\u00feutf8@example.com>\r\n");
        s.feed("RCPT TO:<" + utf8Octets("用户") + "@example.com>\r\n");
        assertEquals(List.of("250 2.1.0 Ok", "501 5.1.3 Bad recipient address syntax: not valid UTF-8", "250 2.1.5 Ok"), s.replies);
        assertEquals("用户@example.com", s.session.transaction().recipients().get(0).address(), "a valid address is kept as sent");
    }

    @Test
    void overlongAndSurrogateEncodingsAreMalformed() {
        TestSession s = greeted();
        s.feed("MAIL FROM:<s@client.test> SMTPUTF8\r\n");
        s.feed("RCPT TO:<a\u00c0\u00afb@example.com>\r\n"); // "/" in an overlong two-octet form
        s.feed("RCPT TO:<a\u00ed\u00a0\u0080b@example.com>\r\n"); // U+D800, a surrogate
        assertEquals(List.of("250 2.1.0 Ok", "501 5.1.3 Bad recipient address syntax: not valid UTF-8",
                "501 5.1.3 Bad recipient address syntax: not valid UTF-8"), s.replies);
    }

    @Test
    void eightBitAddressesWithoutSmtpUtf8AreRefusedClearly() {
        TestSession s = greeted();
        s.feed("MAIL FROM:<" + utf8Octets("jürgen") + "@client.test>\r\n");
        s.feed("MAIL FROM:<s@client.test>\r\n");
        s.feed("RCPT TO:<" + utf8Octets("用户") + "@example.com>\r\n");
        assertEquals(List.of("553 5.6.7 Non-ASCII sender address needs the SMTPUTF8 parameter", "250 2.1.0 Ok",
                "553 5.6.7 Non-ASCII recipient address needs SMTPUTF8 in MAIL FROM"), s.replies);
    }

    @Test
    void otherCommandLinesWithMalformedUtf8Get500() {
        TestSession s = greeted();
        s.feed("NOOP \u00ff\r\n");
        assertEquals(List.of("500 5.5.2 Error: command line is not valid UTF-8"), s.replies);
    }

    @Test
    void theDecoderReportsInsteadOfReplacing() {
        byte[] bad = "a\u00ffb".getBytes(StandardCharsets.ISO_8859_1);
        assertNull(new Utf8Line().decode(bad, 0, bad.length));
        byte[] good = "jürgen".getBytes(StandardCharsets.UTF_8);
        assertEquals("jürgen", new Utf8Line().decode(good, 0, good.length));
    }

    /** The UTF-8 octets of text, one char per octet, as {@link TestSession#feed} expects. */
    private static String utf8Octets(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }
}
