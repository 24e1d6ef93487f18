// Base64 and UTF-8 decoding shared by the SASL decoders, strict so malformed input is refused, not guessed.
package io.caravan.receive.auth;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

final class SaslText {

    private SaslText() {
    }

    /** RFC 4954 sends "=" for an empty response; callers handle the cancelling "*" themselves. */
    static byte[] base64(String encoded) {
        String trimmed = encoded.strip();
        if (trimmed.equals("=")) {
            return new byte[0];
        }
        try {
            return Base64.getDecoder().decode(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed base64 in AUTH response", e);
        }
    }

    static String utf8(byte[] bytes, int from, int to) {
        return new String(utf8Chars(bytes, from, to));
    }

    /** Decodes without an intermediate String, so a password can be erased after use. */
    static char[] utf8Chars(byte[] bytes, int from, int to) {
        CharBuffer decoded;
        try {
            decoded = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, from, to - from));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("AUTH response is not valid UTF-8", e);
        }
        char[] chars = Arrays.copyOfRange(decoded.array(), decoded.position(), decoded.limit());
        Arrays.fill(decoded.array(), '\0');
        return chars;
    }
}
