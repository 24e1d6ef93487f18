package io.caravan.check.authresults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link AuthenticationResults#stripForged}: the one removal invariant 3 allows (ours to write, forged from outside). */
class StripForgedTest {

    private static final String OURS = "mx.example.com";

    private static String strip(String message) {
        return new String(AuthenticationResults.stripForged(message.getBytes(StandardCharsets.ISO_8859_1), OURS),
                StandardCharsets.ISO_8859_1);
    }

    private static void assertUnchanged(String message) {
        byte[] bytes = message.getBytes(StandardCharsets.ISO_8859_1);
        assertSame(bytes, AuthenticationResults.stripForged(bytes, OURS), message);
    }

    @Test
    void removesAFieldClaimingOurAuthservId() {
        assertEquals("Received: x\r\nSubject: hi\r\n\r\nbody\r\n", strip(
                "Received: x\r\nAuthentication-Results: mx.example.com; spf=pass smtp.mailfrom=evil.example\r\n"
                        + "Subject: hi\r\n\r\nbody\r\n"));
    }

    @Test
    void removesVerdictFieldsOnlyCaravanWrites() {
        assertEquals("Received: x\r\nX-Spam: no\r\nSubject: hi\r\n\r\nX-Caravan-Spam: in the body stays\r\n", strip(
                "Received: x\r\nX-Caravan-Spam: SCL=-1; bypass=sender\r\nx-caravan-malware: clean\r\n (ClamAV)\r\n"
                        + "X-Spam: no\r\nSubject: hi\r\n\r\nX-Caravan-Spam: in the body stays\r\n"));
        assertUnchanged("X-Caravan: not ours\r\nX-Caravanserai: neither\r\n\r\n");
    }

    @Test
    void comparesTheAuthservIdAndFieldNameCaseInsensitively() {
        assertEquals("Subject: hi\r\n\r\n", strip("authentication-RESULTS: MX.Example.COM; none\r\nSubject: hi\r\n\r\n"));
    }

    @Test
    void removesTheContinuationLinesOfAFoldedField() {
        assertEquals("Subject: hi\r\n\r\nbody\r\n", strip("Authentication-Results: mx.example.com;\r\n"
                + "\tspf=pass smtp.mailfrom=evil.example;\r\n"
                + " dkim=pass header.d=evil.example\r\n"
                + "Subject: hi\r\n\r\nbody\r\n"));
    }

    @Test
    void findsTheAuthservIdOnAContinuationLine() {
        assertEquals("Subject: hi\r\n\r\n", strip("Authentication-Results:\r\n\tmx.example.com;\r\n\tdmarc=pass\r\n"
                + "Subject: hi\r\n\r\n"));
    }

    @Test
    void skipsCommentsBeforeTheAuthservId() {
        assertEquals("Subject: hi\r\n\r\n", strip("Authentication-Results: (comment) mx.example.com; none\r\n"
                + "Subject: hi\r\n\r\n"));
        assertEquals("Subject: hi\r\n\r\n", strip("Authentication-Results: (a (nested\\) one))\r\n (and\r\n\tmore)"
                + "mx.example.com 1; none\r\nSubject: hi\r\n\r\n"));
    }

    @Test
    void readsAQuotedAuthservId() {
        assertEquals("Subject: hi\r\n\r\n", strip("Authentication-Results: \"mx.example.com\"; none\r\nSubject: hi\r\n\r\n"));
    }

    @Test
    void keepsFieldsOfOtherAuthservIdsIncludingLookalikes() {
        assertUnchanged("Authentication-Results: mx.example.org; spf=pass smtp.mailfrom=example.org\r\n"
                + "Authentication-Results: mx.example.com.evil.example; none\r\n"
                + "Authentication-Results: evil-mx.example.com; none\r\n"
                + "Authentication-Results: other.example; spf=pass smtp.mailfrom=mx.example.com\r\n"
                + "Authentication-Results: (mx.example.com) other.example; none\r\n"
                + "X-Authentication-Results: mx.example.com; none\r\n"
                + "Subject: hi\r\n\r\nbody\r\n");
    }

    @Test
    void removesEveryClaimingFieldAndKeepsTheOthersInOrder() {
        assertEquals("A: 1\r\nAuthentication-Results: other.example; none\r\nB: 2\r\n\r\n",
                strip("A: 1\r\nAuthentication-Results: mx.example.com; none\r\n"
                        + "Authentication-Results: other.example; none\r\n"
                        + "Authentication-Results: mx.example.com;\r\n dkim=fail\r\nB: 2\r\n\r\n"));
    }

    @Test
    void returnsTheSameArrayWhenNothingMatches() {
        assertUnchanged("Subject: hi\r\nFrom: a@example.com\r\n\r\nbody\r\n");
        assertUnchanged("");
    }

    @Test
    void neverTouchesTheBody() {
        assertUnchanged("Subject: hi\r\n\r\nAuthentication-Results: mx.example.com; none\r\n");
        assertUnchanged("Subject: hi\r\nnot a header line\r\nAuthentication-Results: mx.example.com; none\r\n");
    }

    @Test
    void keepsEveryOtherByteExactlyIncludingEightBitBytesAndBareLineFeeds() {
        String in = "Subject: caf\u00e9 \u00ff\r\nAuthentication-Results: mx.example.com; none\n"
                + "X-Odd:\tvalue \r\n\r\n\u0000\u00ffbody\n";

        assertEquals("Subject: caf\u00e9 \u00ff\r\nX-Odd:\tvalue \r\n\r\n\u0000\u00ffbody\n", strip(in));
    }

    @Test
    void removesAClaimingFieldThatEndsTheMessage() {
        assertEquals("Subject: hi\r\n", strip("Subject: hi\r\nAuthentication-Results: mx.example.com; none"));
    }
}
