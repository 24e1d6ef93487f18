package io.caravan.check.authresults;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.check.authresults.AuthenticationResults.MethodResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuthenticationResultsTest {

    @Test
    void writesOneResultPerFoldedLineSeparatedBySemicolons() {
        String field = AuthenticationResults.field("mx.example.com", List.of(
                MethodResult.of("spf", "pass").with("smtp", "mailfrom", "example.org"),
                MethodResult.of("dkim", "pass").with("header", "d", "example.org").with("header", "s", "sel")
                        .with("header", "b", "abcdefgh"),
                MethodResult.of("dmarc", "pass").with("header", "from", "example.org")));

        assertEquals("Authentication-Results: mx.example.com;\r\n"
                + "\tspf=pass smtp.mailfrom=example.org;\r\n"
                + "\tdkim=pass header.d=example.org header.s=sel header.b=abcdefgh;\r\n"
                + "\tdmarc=pass header.from=example.org\r\n", field);
    }

    @Test
    void writesNoneWhenNothingWasChecked() {
        assertEquals("Authentication-Results: mx.example.com; none\r\n",
                AuthenticationResults.field("mx.example.com", List.of()));
    }

    @Test
    void writesTheReasonAsAQuotedStringAndTheCommentInParentheses() {
        String field = AuthenticationResults.field("mx.example.com", List.of(
                MethodResult.of("spf", "temperror").withReason("DNS said \"SERVFAIL\"").withComment("try (later)")
                        .with("smtp", "helo", "client.example.net")));

        assertEquals("Authentication-Results: mx.example.com;\r\n"
                + "\tspf=temperror (try \\(later\\)) reason=\"DNS said \\\"SERVFAIL\\\"\"\r\n"
                + "\tsmtp.helo=client.example.net\r\n",
                field);
    }

    @Test
    void addressesAndDomainsStayBareOtherValuesAreQuoted() {
        String field = AuthenticationResults.field("mx.example.com", List.of(
                MethodResult.of("spf", "pass").with("smtp", "mailfrom", "user+tag@example.org"),
                MethodResult.of("dkim", "pass").with("header", "b", "ab/c+d=")));

        assertTrue(field.contains("smtp.mailfrom=user+tag@example.org;"), field);
        assertTrue(field.contains("header.b=\"ab/c+d=\""), field);
    }

    @Test
    void anAuthservIdThatIsNoTokenIsQuoted() {
        assertEquals("Authentication-Results: \"mail gateway\"; none\r\n",
                AuthenticationResults.field("mail gateway", List.of()));
    }

    @Test
    void foldsALongResultBetweenItsPropertiesWithCrLfTab() {
        String field = AuthenticationResults.field("mx.example.com", List.of(
                MethodResult.of("dkim", "pass").with("header", "d", "a-rather-long-signing-domain.example.org")
                        .with("header", "i", "@a-rather-long-signing-domain.example.org")
                        .with("header", "s", "selector2024").with("header", "b", "abcdefgh")));

        assertEquals("Authentication-Results: mx.example.com;\r\n"
                + "\tdkim=pass header.d=a-rather-long-signing-domain.example.org\r\n"
                + "\theader.i=@a-rather-long-signing-domain.example.org header.s=selector2024\r\n"
                + "\theader.b=abcdefgh\r\n", field);
        for (String line : field.split("\r\n")) {
            assertTrue(line.length() <= 78, line);
        }
    }

    @Test
    void refusesLineBreaksThatWouldInjectHeaderFields() {
        assertThrows(IllegalArgumentException.class,
                () -> MethodResult.of("spf", "pass").with("smtp", "mailfrom", "a@b\r\nBcc: x@y"));
        assertThrows(IllegalArgumentException.class, () -> MethodResult.of("spf", "pass").withReason("a\nb"));
        assertThrows(IllegalArgumentException.class,
                () -> AuthenticationResults.field("mx\r\nX-Evil: 1", List.of()));
    }

    @Test
    void refusesMethodsResultsAndPropertiesThatAreNotKeywords() {
        assertThrows(IllegalArgumentException.class, () -> MethodResult.of("sp f", "pass"));
        assertThrows(IllegalArgumentException.class, () -> MethodResult.of("spf", "pass;"));
        assertThrows(IllegalArgumentException.class, () -> MethodResult.of("spf", "pass").with("smtp.x", "y", "z"));
        assertThrows(IllegalArgumentException.class, () -> AuthenticationResults.field(" ", List.of()));
    }
}
