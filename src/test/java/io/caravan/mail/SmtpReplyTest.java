package io.caravan.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SmtpReplyTest {

    @Test
    void singleLineReplyWithEnhancedCodeGoesOnTheWireCrLfTerminated() {
        assertEquals("550 5.7.1 Relay access denied\r\n", SmtpReply.of(550, "5.7.1", "Relay access denied").toWire());
    }

    @Test
    void controlCharactersAClientSentAreEscapedOnTheWire() {
        // found by fuzzing (SmtpFuzzer#smtpSession): "MAIL FROM:<a@b.example> X\x01=1" was answered with a raw SOH
        assertEquals("555 5.5.4 Unsupported parameter X\\x01\\x00\\x7f\tend\r\n",
                SmtpReply.of(555, "5.5.4", "Unsupported parameter X\u0001\u0000\u007f\tend").toWire());
    }

    @Test
    void multiLineReplyUsesHyphenContinuationLinesAndSpaceOnTheLast() {
        assertEquals("250-a\r\n250 b\r\n", SmtpReply.of(250, "", "a\nb").toWire());
    }

    @Test
    void multiLineReplyRepeatsTheEnhancedCodeOnEveryLine() {
        assertEquals("250-2.0.0 a\r\n250-2.0.0 b\r\n250 2.0.0 c\r\n",
                SmtpReply.of(250, "2.0.0", "a\r\nb\nc").toWire());
    }

    @Test
    void emptyTextStillProducesOneLine() {
        assertEquals("354 \r\n", SmtpReply.of(354, null, null).toWire());
        assertEquals("", SmtpReply.of(354, null, null).text());
        assertEquals("", SmtpReply.of(354, null, null).enhancedCode());
    }

    @Test
    void parsesReplyWithEnhancedCode() {
        SmtpReply r = SmtpReply.parse("451 4.3.0 Try later\r\n");

        assertEquals(451, r.code());
        assertEquals("4.3.0", r.enhancedCode());
        assertEquals("Try later", r.text());
    }

    @Test
    void parsesReplyWithoutEnhancedCode() {
        SmtpReply r = SmtpReply.parse("554 no thanks");

        assertEquals(554, r.code());
        assertEquals("", r.enhancedCode());
        assertEquals("no thanks", r.text());
    }

    @Test
    void wordThatLooksLikeANumberButIsNotAnEnhancedCodeStaysInTheText() {
        SmtpReply r = SmtpReply.parse("550 1.2.3 text");

        assertEquals("", r.enhancedCode());
        assertEquals("1.2.3 text", r.text());
    }

    @Test
    void parsesBareCodeAndEnhancedCodeWithoutText() {
        SmtpReply bare = SmtpReply.parse("250");
        assertEquals(250, bare.code());
        assertEquals("", bare.text());

        SmtpReply codeOnly = SmtpReply.parse("250 2.0.0");
        assertEquals("2.0.0", codeOnly.enhancedCode());
        assertEquals("", codeOnly.text());
    }

    @Test
    void singleLineReplyRoundTripsThroughTheWire() {
        SmtpReply r = SmtpReply.of(421, "4.7.0", "Too many connections");

        assertEquals(r, SmtpReply.parse(r.toWire()));
    }

    @Test
    void unparsableReplyIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> SmtpReply.parse("25"));
        assertThrows(IllegalArgumentException.class, () -> SmtpReply.parse("abc def"));
        assertThrows(IllegalArgumentException.class, () -> SmtpReply.parse("199 too low"));
    }

    @Test
    void fourHundredsAreTransientFiveHundredsPermanentAndBelowPositive() {
        SmtpReply ok = SmtpReply.of(250, "2.0.0", "ok");
        SmtpReply later = SmtpReply.of(451, "4.3.0", "later");
        SmtpReply never = SmtpReply.of(550, "5.1.1", "never");

        assertTrue(ok.isPositive());
        assertFalse(ok.isTransient());
        assertFalse(ok.isPermanent());

        assertFalse(later.isPositive());
        assertTrue(later.isTransient());
        assertFalse(later.isPermanent());

        assertFalse(never.isPositive());
        assertFalse(never.isTransient());
        assertTrue(never.isPermanent());

        assertTrue(SmtpReply.of(499, "", "").isTransient());
        assertTrue(SmtpReply.of(500, "", "").isPermanent());
        assertTrue(SmtpReply.of(354, "", "").isPositive());
    }

    @Test
    void codeMustBeBetween200And599() {
        SmtpReply.of(200, "", "");
        SmtpReply.of(599, "", "");

        IllegalArgumentException low = assertThrows(IllegalArgumentException.class, () -> SmtpReply.of(199, "", ""));
        assertTrue(low.getMessage().contains("199"), low.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SmtpReply.of(600, "", ""));
        assertThrows(IllegalArgumentException.class, () -> SmtpReply.of(0, "", ""));
    }

    @Test
    void toStringShowsCodeEnhancedCodeAndText() {
        assertEquals("451 4.3.0 Try later", SmtpReply.of(451, "4.3.0", "Try later").toString());
        assertEquals("451 Try later", SmtpReply.of(451, "", "Try later").toString());
    }

    @Test
    void multiLineReplyParsesToItsTextLinesAndBackToTheSameWire() {
        String wire = "550-5.1.1 The email account that you tried to reach does not exist.\r\n"
                + "550-5.1.1 Please try double-checking the recipient's email\r\n"
                + "550 5.1.1 address for typos.\r\n";
        SmtpReply r = SmtpReply.parse(wire);
        assertEquals(550, r.code());
        assertEquals("5.1.1", r.enhancedCode());
        assertEquals("The email account that you tried to reach does not exist.\nPlease try double-checking the recipient's email\n"
                + "address for typos.", r.text());
        assertEquals(wire, r.toWire());
        assertEquals(r, SmtpReply.parse(r.toWire()));
    }
}
