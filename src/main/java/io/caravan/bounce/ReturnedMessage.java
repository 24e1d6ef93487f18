// The third part of a report: the original message (RET=FULL) or only its header section, with CRLF line ends.
package io.caravan.bounce;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The returned content and how to label it. Line ends are made CRLF, and a line over 998 octets is broken
 * with CRLF and a space (as Postfix's smtp_line_length_limit does), so the report is valid whatever came in.
 * In a report about internationalised mail the RFC 6533 types label it: message/global for the whole
 * message, message/global-headers for its header section (whose fields may carry UTF-8, RFC 6532).
 */
record ReturnedMessage(String contentType, String description, boolean eightBit, byte[] content) {

    private static final int MAX_LINE = 998;

    static ReturnedMessage of(DsnRequest request, boolean utf8) {
        byte[] original = normalize(request.originalMessage());
        if (request.returnFullMessage()) {
            return new ReturnedMessage(utf8 ? "message/global" : "message/rfc822", "Undelivered message",
                    hasEightBit(original), original);
        }
        byte[] headers = headerSection(original);
        return new ReturnedMessage(utf8 ? "message/global-headers" : "text/rfc822-headers", "Undelivered message header",
                hasEightBit(headers), headers);
    }

    /** True when the original's header section has octets beyond ASCII: UTF-8 fields (RFC 6532). */
    static boolean hasEightBitHeader(byte[] message) {
        return hasEightBit(headerSection(message));
    }

    /** {@code 8bit} when any byte is beyond ASCII (RFC 2045 §6.2), else {@code 7bit}. */
    String transferEncoding() {
        return eightBit ? "8bit" : "7bit";
    }

    /** Up to and including the blank line that ends the header section; all of it when there is no body. */
    private static byte[] headerSection(byte[] message) {
        if (message.length >= 2 && message[0] == '\r' && message[1] == '\n') {
            return new byte[] {'\r', '\n'};
        }
        for (int i = 0; i + 3 < message.length; i++) {
            if (message[i] == '\r' && message[i + 1] == '\n' && message[i + 2] == '\r' && message[i + 3] == '\n') {
                return Arrays.copyOf(message, i + 4);
            }
        }
        return message;
    }

    /** Bare CR or LF become CRLF; a line over 998 octets is continued on a new line starting with a space. */
    private static byte[] normalize(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + 64);
        int lineLength = 0;
        for (int i = 0; i < in.length; i++) {
            byte b = in[i];
            if (b == '\r' || b == '\n') {
                if (b == '\r' && i + 1 < in.length && in[i + 1] == '\n') {
                    i++;
                }
                out.write('\r');
                out.write('\n');
                lineLength = 0;
                continue;
            }
            if (lineLength == MAX_LINE) {
                out.write('\r');
                out.write('\n');
                out.write(' ');
                lineLength = 1;
            }
            out.write(b);
            lineLength++;
        }
        return out.toByteArray();
    }

    private static boolean hasEightBit(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return true;
            }
        }
        return false;
    }
}
