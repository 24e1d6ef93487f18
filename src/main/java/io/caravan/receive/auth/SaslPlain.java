// Decodes an RFC 4616 AUTH PLAIN response: base64 of authzid NUL authcid NUL passwd.
package io.caravan.receive.auth;

import java.util.Arrays;

/**
 * Acting for another user (an authorization identity different from the authentication identity) is
 * not supported, so such a response is refused rather than silently authenticating as the authcid.
 */
public final class SaslPlain {

    private SaslPlain() {
    }

    /** @throws IllegalArgumentException for malformed base64 or UTF-8, a missing part, or a foreign authzid */
    public static Credentials decode(String base64) {
        byte[] message = SaslText.base64(base64);
        try {
            int firstNul = indexOfNul(message, 0);
            int secondNul = firstNul < 0 ? -1 : indexOfNul(message, firstNul + 1);
            if (secondNul < 0 || indexOfNul(message, secondNul + 1) >= 0) {
                throw new IllegalArgumentException("AUTH PLAIN response must be authzid NUL authcid NUL password");
            }
            String authzid = SaslText.utf8(message, 0, firstNul);
            String authcid = SaslText.utf8(message, firstNul + 1, secondNul);
            if (authcid.isEmpty() || secondNul + 1 == message.length) {
                throw new IllegalArgumentException("AUTH PLAIN response lacks a username or a password");
            }
            if (!authzid.isEmpty() && !authzid.equals(authcid)) {
                throw new IllegalArgumentException("AUTH PLAIN authorization identity differs from the username");
            }
            return new Credentials(authcid, SaslText.utf8Chars(message, secondNul + 1, message.length));
        } finally {
            Arrays.fill(message, (byte) 0);
        }
    }

    private static int indexOfNul(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return -1;
    }
}
