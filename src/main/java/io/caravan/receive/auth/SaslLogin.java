// Decodes the two-step AUTH LOGIN exchange: a base64 username, then a base64 password, each after a challenge.
package io.caravan.receive.auth;

import java.util.Arrays;

/**
 * The server sends {@code 334 } + {@link #USERNAME_CHALLENGE}, reads a line, sends {@code 334 } +
 * {@link #PASSWORD_CHALLENGE}, reads another, then calls {@link #decode}. A client may also put the
 * username on the AUTH LOGIN line itself, skipping the first challenge.
 */
public final class SaslLogin {

    /** "Username:" in base64. */
    public static final String USERNAME_CHALLENGE = "VXNlcm5hbWU6";
    /** "Password:" in base64. */
    public static final String PASSWORD_CHALLENGE = "UGFzc3dvcmQ6";

    private SaslLogin() {
    }

    /** One response as text; for the username step (the password goes through {@link #decode}). */
    public static String decodeStep(String base64) {
        byte[] bytes = SaslText.base64(base64);
        return SaslText.utf8(bytes, 0, bytes.length);
    }

    /** @throws IllegalArgumentException for malformed base64 or UTF-8, or an empty username or password */
    public static Credentials decode(String usernameBase64, String passwordBase64) {
        String username = decodeStep(usernameBase64);
        byte[] password = SaslText.base64(passwordBase64);
        try {
            if (username.isEmpty() || password.length == 0) {
                throw new IllegalArgumentException("AUTH LOGIN response lacks a username or a password");
            }
            return new Credentials(username, SaslText.utf8Chars(password, 0, password.length));
        } finally {
            Arrays.fill(password, (byte) 0);
        }
    }
}
