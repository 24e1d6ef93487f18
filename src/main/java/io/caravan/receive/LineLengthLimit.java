// Counts the octets of each line of a message as it arrives, so an overlong line is known at the final dot without re-reading.
package io.caravan.receive;

import io.caravan.mail.SmtpReply;

/**
 * RFC 5321 §4.5.3.1.6: a text line is at most 1000 octets with its CRLF (RFC 5322 §2.1.1: 998
 * before it). A next hop may refuse a longer line, and a sender who got our 250 would then get a
 * bounce; folding the line ourselves would change the bytes (and break DKIM). So the message is
 * refused at the end of data instead (the connector's max-line-length; 0 = no limit). Lines are
 * counted as they would go out with DATA: a leading dot counts, as it is stuffed on the wire.
 */
final class LineLengthLimit {

    /** The connector default: 1000 octets, CRLF included. */
    static final int DEFAULT = 1000;

    private final int limit;
    private long length;
    private boolean exceeded;

    /** @param limit octets per line, CRLF included; 0 for no limit */
    LineLengthLimit(int limit) {
        this.limit = limit;
    }

    /** Counts n more octets of the current line (its CR and LF included). */
    void add(int n) {
        length += n;
        if (limit > 0 && length > limit) {
            exceeded = true;
        }
    }

    /** The LF of the current line has been counted: the next octet starts a new line. */
    void lineEnded() {
        length = 0;
    }

    boolean atLineStart() {
        return length == 0;
    }

    /** The refusal when a line was too long, else null. */
    SmtpReply rejection() {
        return exceeded ? SmtpReply.of(550, "5.6.0", "Message contains a line longer than " + (limit - 2)
                + " octets (RFC 5322 2.1.1)") : null;
    }
}
