package io.caravan.receive.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SaslTest {

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void plainWithoutAuthzidGivesUsernameAndPassword() {
        Credentials c = SaslPlain.decode(b64("\0alice@example.com\0s3cr3t"));

        assertEquals("alice@example.com", c.username());
        assertArrayEquals("s3cr3t".toCharArray(), c.password());
    }

    @Test
    void plainWithAuthzidEqualToTheUsernameIsAccepted() {
        Credentials c = SaslPlain.decode(b64("alice@example.com\0alice@example.com\0s3cr3t"));

        assertEquals("alice@example.com", c.username());
    }

    @Test
    void plainWithAuthzidForAnotherUserIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> SaslPlain.decode(b64("bob@example.com\0alice@example.com\0s3cr3t")));
    }

    @Test
    void plainDecodesUtf8AndAcceptsTrailingWhitespaceFromTheCommandLine() {
        Credentials c = SaslPlain.decode(b64("\0jürgen\0pässwörd") + " ");

        assertEquals("jürgen", c.username());
        assertArrayEquals("pässwörd".toCharArray(), c.password());
    }

    @Test
    void plainWithMissingPartsIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> SaslPlain.decode(b64("alice\0s3cr3t")));
        assertThrows(IllegalArgumentException.class, () -> SaslPlain.decode(b64("alice")));
        assertThrows(IllegalArgumentException.class, () -> SaslPlain.decode(b64("\0\0s3cr3t")));
        assertThrows(IllegalArgumentException.class, () -> SaslPlain.decode(b64("\0alice\0")));
        assertThrows(IllegalArgumentException.class, () -> SaslPlain.decode(b64("\0alice\0pass\0word")));
        assertThrows(IllegalArgumentException.class, () -> SaslPlain.decode("="));
    }

    @Test
    void malformedBase64IsRejected() {
        assertThrows(IllegalArgumentException.class, () -> SaslPlain.decode("not base64!"));
        assertThrows(IllegalArgumentException.class, () -> SaslLogin.decodeStep("YWxpY2U=="));
        assertThrows(IllegalArgumentException.class, () -> SaslLogin.decode(b64("alice"), "%%%"));
    }

    @Test
    void invalidUtf8IsRejected() {
        String latin1 = Base64.getEncoder().encodeToString(new byte[] {0, 'j', (byte) 0xfc, 0, 'p'});

        assertThrows(IllegalArgumentException.class, () -> SaslPlain.decode(latin1));
    }

    @Test
    void loginChallengesAskForUsernameAndPassword() {
        assertEquals("Username:", SaslLogin.decodeStep(SaslLogin.USERNAME_CHALLENGE));
        assertEquals("Password:", SaslLogin.decodeStep(SaslLogin.PASSWORD_CHALLENGE));
    }

    @Test
    void loginDecodesEachStep() {
        assertEquals("alice@example.com", SaslLogin.decodeStep(b64("alice@example.com")));

        Credentials c = SaslLogin.decode(b64("alice@example.com"), b64("s3cr3t"));

        assertEquals("alice@example.com", c.username());
        assertArrayEquals("s3cr3t".toCharArray(), c.password());
    }

    @Test
    void loginWithAnEmptyUsernameOrPasswordIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> SaslLogin.decode("=", b64("s3cr3t")));
        assertThrows(IllegalArgumentException.class, () -> SaslLogin.decode(b64("alice"), "="));
        assertThrows(IllegalArgumentException.class, () -> SaslLogin.decode(b64("alice"), ""));
    }

    @Test
    void credentialsNeverPrintThePasswordAndCanBeErased() {
        Credentials c = SaslLogin.decode(b64("alice"), b64("s3cr3t"));

        assertFalse(c.toString().contains("s3cr3t"));
        c.erasePassword();
        assertTrue(new String(c.password()).chars().allMatch(ch -> ch == 0));
    }
}
