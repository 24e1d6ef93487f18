package io.caravan.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MailAddressTest {

    @Test
    void parsesAnAddressInsideAngleBrackets() {
        MailAddress a = MailAddress.parse("<john.doe@example.com>");

        assertEquals("john.doe", a.localPart());
        assertEquals("example.com", a.domain());
        assertEquals("john.doe@example.com", a.address());
        assertFalse(a.isNullSender());
    }

    @Test
    void keepsANonAsciiSpaceThatBeginsTheLocalPartSoTheQueueReadsBackTheSameAddress() {
        // found by fuzzing (SmtpFuzzer#commandArguments): strip() took U+2003 off when the queue re-read the address
        MailAddress a = MailAddress.parse("<\u2003a@b.example>");

        assertEquals("\u2003a", a.localPart());
        assertEquals(a, MailAddress.parse(a.address()));
        assertEquals(new MailAddress("\u3000x\u2003", "b.example"), MailAddress.parse(" \u3000x\u2003@b.example\t"));
    }

    @Test
    void parsesAnAddressWithoutBracketsAndIgnoresSurroundingSpace() {
        MailAddress a = MailAddress.parse("  john@example.com ");

        assertEquals(new MailAddress("john", "example.com"), a);
    }

    @Test
    void emptyBracketsAreTheNullSender() {
        MailAddress a = MailAddress.parse("<>");

        assertSame(MailAddress.NULL_SENDER, a);
        assertTrue(a.isNullSender());
        assertEquals("", a.address());
        assertEquals("", a.toString());
    }

    @Test
    void sourceRouteIsDiscardedLeavingTheMailbox() {
        MailAddress a = MailAddress.parse("<@a.example,@b.example:user@c.example>");

        assertEquals(new MailAddress("user", "c.example"), a);
    }

    @Test
    void sourceRouteWithoutColonIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> MailAddress.parse("<@a.example,user@c.example>"));
    }

    @Test
    void quotedLocalPartIsKeptWithItsQuotesAndMayHoldSpacesAndAt() {
        MailAddress a = MailAddress.parse("<\"john doe@home\"@example.com>");

        assertEquals("\"john doe@home\"", a.localPart());
        assertEquals("example.com", a.domain());
        assertEquals("\"john doe@home\"@example.com", a.address());
    }

    @Test
    void addressLiteralDomainIsAccepted() {
        MailAddress a = MailAddress.parse("postmaster@[192.0.2.1]");

        assertEquals("[192.0.2.1]", a.domain());
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {
        "john.example.com",         // no @
        "<john.example.com>",
        "john@",                    // empty domain
        "<john@>",
        "@example.com",             // empty local part (looks like a route without ':')
        "a@b..c",                   // empty label
        "a@.example.com",
        "a@example.com.",
        "a@-example.com",
        "a@exa_mple.com",
        "a@exa mple.com",
        ".a@example.com",           // misplaced dots
        "a.@example.com",
        "a..b@example.com",
        "a b@example.com",          // space in unquoted local part
        "a(b)@example.com",
        "\"unterminated@example.com",
        "<a@example.com",           // unbalanced brackets
        "a@example.com>",
        "<<a@example.com>",
        "a@[192.0.2.1",             // unterminated literal
    })
    void invalidAddressIsRejected(String input) {
        assertThrows(IllegalArgumentException.class, () -> MailAddress.parse(input));
    }

    @Test
    void controlCharacterInLocalPartIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MailAddress.parse("<a\u0001b@example.com>"));
        assertTrue(e.getMessage().contains("\\x01"), e.getMessage());
    }

    @Test
    void controlCharacterInQuotedLocalPartIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> MailAddress.parse("<\"a\rb\"@example.com>"));
        assertThrows(IllegalArgumentException.class, () -> MailAddress.parse("<\"a\u007fb\"@example.com>"));
    }

    @Test
    void controlCharacterInDomainIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> MailAddress.parse("a@exam\nple.com"));
    }

    @Test
    void localPartOfSixtyFourOctetsIsAcceptedButSixtyFiveIsNot() {
        String l64 = "a".repeat(64);

        assertEquals(l64, MailAddress.parse(l64 + "@example.com").localPart());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MailAddress.parse(l64 + "b@example.com"));
        assertTrue(e.getMessage().contains("64"), e.getMessage());
    }

    @Test
    void domainLongerThan255OctetsIsRejected() {
        String label = "a".repeat(63);
        String domain = String.join(".", label, label, label, label); // 255
        assertEquals(255, domain.length());

        assertEquals(domain, MailAddress.parse("x@" + domain).domain());
        assertThrows(IllegalArgumentException.class, () -> MailAddress.parse("x@" + domain + "a"));
    }

    @Test
    void domainKeyIsLowerCasedWhileLocalPartCaseIsPreserved() {
        MailAddress a = MailAddress.parse("<John.DOE@Mail.Example.COM>");

        assertEquals("John.DOE", a.localPart());
        assertEquals("Mail.Example.COM", a.domain());
        assertEquals("mail.example.com", a.domainKey());
        assertEquals("John.DOE@Mail.Example.COM", a.address());
    }

    @Test
    void addressesDifferingOnlyInLocalPartCaseAreDifferent() {
        assertFalse(MailAddress.parse("John@example.com").equals(MailAddress.parse("john@example.com")));
    }
}
