// The text of a next hop's SMTP reply as the next hop sent it, undoing Jakarta Mail's one-byte-per-character reading.
package io.caravan.delivery;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Angus Mail's SMTPTransport reads every reply line as ISO-8859-1 (one byte, one character): its
 * line reader follows only the JVM-wide system property {@code mail.mime.allowutf8}, never the
 * session's. A next hop that speaks SMTPUTF8 may answer in UTF-8 (RFC 6531 §3.7.4), so
 * {@code 550 5.1.1 <jörg@remote.test>} arrives as {@code <jÃ¶rg@remote.test>}. Each text read from
 * Jakarta Mail (a reply in an exception, the last reply of a transaction) passes here once, at the
 * moment it leaves Jakarta Mail, before it becomes an {@link io.caravan.mail.SmtpReply}.
 */
final class ReplyText {

    private ReplyText() {
    }

    /**
     * The reply as sent: the characters taken back to the bytes they were read from and decoded as
     * UTF-8, when those bytes are valid UTF-8; otherwise (Latin-1 or other 8-bit text, which UTF-8
     * never mistakes for itself in practice, or text not read byte by byte) the text unchanged.
     */
    static String asSent(String readAsLatin1) {
        if (readAsLatin1 == null || readAsLatin1.chars().allMatch(c -> c < 0x80)
                || readAsLatin1.chars().anyMatch(c -> c > 0xff)) {
            return readAsLatin1;
        }
        byte[] bytes = readAsLatin1.getBytes(StandardCharsets.ISO_8859_1);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return readAsLatin1;
        }
    }
}
