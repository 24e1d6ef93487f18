// Decodes a command line as UTF-8 strictly: malformed bytes are refused, never replaced, so an address is never changed.
package io.caravan.receive;

import io.caravan.mail.SmtpReply;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * RFC 6531 §3.3: under SMTPUTF8 an address is UTF-8 (RFC 3629), which excludes overlong forms,
 * surrogates and stray continuation bytes. A lenient decoder would turn {@code bad\xff@...} into
 * {@code bad\uFFFD@...} and carry a different address on; here such a line is refused with a reply
 * that says why. Valid 8-bit text without SMTPUTF8 is refused later, by MAIL and RCPT (553 5.6.7).
 */
final class Utf8Line {

    /** MAIL FROM with malformed UTF-8 (RFC 3463 X.1.7: bad sender's mailbox address syntax). */
    static final SmtpReply BAD_SENDER = SmtpReply.of(501, "5.1.7", "Bad sender address syntax: not valid UTF-8");
    /** RCPT TO with malformed UTF-8 (RFC 3463 X.1.3: bad destination mailbox address syntax). */
    static final SmtpReply BAD_RECIPIENT = SmtpReply.of(501, "5.1.3", "Bad recipient address syntax: not valid UTF-8");
    /** Any other command line with malformed UTF-8: no command has such an argument. */
    static final SmtpReply BAD_LINE = SmtpReply.of(500, "5.5.2", "Error: command line is not valid UTF-8");

    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    /** The line's text, or null when the bytes are not well-formed UTF-8. */
    String decode(byte[] in, int from, int length) {
        if (isAscii(in, from, length)) {
            return new String(in, from, length, StandardCharsets.US_ASCII); // the common case, no decoder needed
        }
        try {
            return decoder.reset().decode(ByteBuffer.wrap(in, from, length)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** The refusal for a malformed line, chosen by its verb. */
    static SmtpReply refusal(byte[] in, int from, int length) {
        String verb = length >= 4 ? new String(in, from, 4, StandardCharsets.US_ASCII) : "";
        if (verb.equalsIgnoreCase("MAIL")) {
            return BAD_SENDER;
        }
        return verb.equalsIgnoreCase("RCPT") ? BAD_RECIPIENT : BAD_LINE;
    }

    private static boolean isAscii(byte[] in, int from, int length) {
        for (int i = from; i < from + length; i++) {
            if (in[i] < 0) {
                return false;
            }
        }
        return true;
    }
}
