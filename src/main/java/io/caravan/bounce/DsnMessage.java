// Builds a delivery status notification (RFC 3464 inside an RFC 6522 multipart/report, RFC 6533 when international).
package io.caravan.bounce;

import static io.caravan.bounce.Fields.CRLF;
import static io.caravan.bounce.Fields.field;

import io.caravan.bounce.RecipientReport.Action;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * A bounce, delay warning or success report, written by hand rather than with Jakarta Mail so every
 * byte is ours: CRLF line ends, no line over 998 octets, US-ASCII except the returned message itself
 * (then labelled 8bit, and the whole report too). Three parts: a note for people, the
 * message/delivery-status fields for programs, and the original message or its header section.
 *
 * <p>A report about internationalised mail ({@link DsnRequest#internationalized()}) takes the forms of
 * RFC 6533 instead: the note in UTF-8 ({@code charset=utf-8}), message/global-delivery-status when the
 * fields carry UTF-8, and message/global-headers (message/global with RET=FULL) for the original; each
 * part with UTF-8 in it is labelled 8bit.
 *
 * <pre>{@code
 * byte[] dsn = DsnMessage.build(new DsnRequest("mx1.example.com", sender, queueId, arrival, envid, false,
 *         List.of(report), original, "postmaster@example.com", Instant.now(), "example.com"));
 * }</pre>
 */
public final class DsnMessage {

    static final String BOUNDARY_PREFIX = "=_caravan-dsn-";

    private DsnMessage() {
    }

    public static byte[] build(DsnRequest request) {
        boolean utf8 = request.internationalized();
        ReturnedMessage returned = ReturnedMessage.of(request, utf8);
        String text = NotificationText.of(request, utf8);
        String status = DeliveryStatusFields.of(request, utf8);
        List<Part> parts = List.of(
                new Part("Content-Description: Notification" + CRLF
                        + "Content-Type: text/plain; charset=" + (utf8 ? "utf-8" : "us-ascii") + CRLF
                        + eightBitLabel(text), utf8(text)),
                new Part("Content-Description: Delivery report" + CRLF
                        + "Content-Type: message/" + (Fields.isAscii(status) ? "" : "global-") + "delivery-status" + CRLF
                        + eightBitLabel(status), utf8(status)),
                new Part("Content-Description: " + returned.description() + CRLF
                        + "Content-Type: " + returned.contentType() + CRLF
                        + "Content-Transfer-Encoding: " + returned.transferEncoding() + CRLF, returned.content()));
        String boundary = boundaryNotIn(parts);
        boolean eightBit = returned.eightBit() || !Fields.isAscii(text) || !Fields.isAscii(status);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header(request, boundary, eightBit).getBytes(StandardCharsets.UTF_8));
        out.writeBytes(ascii("This is a MIME-encapsulated message." + CRLF));
        for (Part part : parts) {
            out.writeBytes(ascii(CRLF + "--" + boundary + CRLF + part.header() + CRLF));
            out.writeBytes(part.content());
        }
        out.writeBytes(ascii(CRLF + "--" + boundary + "--" + CRLF));
        return out.toByteArray();
    }

    /** The wording an end user sees first: any failure wins, then any delay, then success. */
    static String subject(DsnRequest request) {
        if (request.any(Action.FAILED)) {
            return "Undelivered Mail Returned to Sender";
        }
        if (request.any(Action.DELAYED)) {
            return "Delayed Mail (still being retried)";
        }
        boolean onlyRelayed = request.recipients().stream().allMatch(r -> r.action() == Action.RELAYED);
        return onlyRelayed ? "Mail relayed" : "Successful Mail Delivery Report";
    }

    /**
     * The first of {@code =_caravan-dsn-0}, {@code -1}, ... that occurs in no part, compared ignoring case,
     * so no line of the content can be read as a delimiter, even by a parser that matches only a prefix.
     */
    static String boundaryNotIn(List<Part> parts) {
        for (int n = 0; ; n++) {
            String candidate = BOUNDARY_PREFIX + n;
            if (parts.stream().noneMatch(p -> containsIgnoringCase(p.content(), ascii(candidate)))) {
                return candidate;
            }
        }
    }

    private static String header(DsnRequest request, String boundary, boolean eightBit) {
        StringBuilder out = new StringBuilder();
        out.append(field("From", "Mail Delivery System <" + request.postmaster() + ">"));
        // The address is written as is: an internationalized sender needs SMTPUTF8 to be reached at all.
        out.append("To: <").append(request.originalSender().address()).append('>').append(CRLF);
        out.append(field("Subject", subject(request)));
        out.append(field("Date", Fields.date(request.now())));
        out.append(field("Message-ID", "<" + messageIdLocalPart(request.queueId()) + "@" + request.messageIdDomain() + ">"));
        out.append(field("Auto-Submitted", "auto-replied")); // RFC 3834: no vacation or other auto-reply to this
        out.append(field("MIME-Version", "1.0"));
        out.append(field("Content-Type", "multipart/report; report-type=delivery-status; boundary=\"" + boundary + "\""));
        if (eightBit) {
            out.append(field("Content-Transfer-Encoding", "8bit"));
        }
        return out.append(CRLF).toString();
    }

    /** Unique, and carries the queue id so an administrator can grep the logs from the bounce alone. */
    private static String messageIdLocalPart(String queueId) {
        String safeQueueId = queueId.replaceAll("[^A-Za-z0-9]", "");
        return "dsn." + (safeQueueId.isEmpty() ? "" : safeQueueId + ".") + UUID.randomUUID().toString().replace("-", "");
    }

    private static boolean containsIgnoringCase(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (lower(haystack[i + j]) != lower(needle[j])) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static int lower(byte b) {
        return b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A Content-Transfer-Encoding line for a part with UTF-8 in it (RFC 6532 §3.5); nothing for 7-bit text. */
    private static String eightBitLabel(String content) {
        return Fields.isAscii(content) ? "" : "Content-Transfer-Encoding: 8bit" + CRLF;
    }

    /** One body part: its header lines (each ending in CRLF) and its content. */
    record Part(String header, byte[] content) {
    }
}
