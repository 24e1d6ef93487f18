// The human-readable first part of a report: what happened to each recipient, in plain words, and what to do.
package io.caravan.bounce;

import static io.caravan.bounce.Fields.CRLF;

import io.caravan.bounce.RecipientReport.Action;

/**
 * Plain text, wrapped for mail readers; the servers' replies are quoted unchanged on their own lines.
 * US-ASCII, or UTF-8 for a report about internationalised mail (RFC 6533), where addresses and replies
 * keep their characters instead of showing '?'.
 */
final class NotificationText {

    private static final int WIDTH = 72;
    /** Only a reply line longer than this many octets is cut, so the quoted line stays under 998 octets. */
    private static final int MAX_QUOTED = 980;

    private NotificationText() {
    }

    static String of(DsnRequest request, boolean utf8) {
        StringBuilder out = new StringBuilder();
        paragraph(out, "This is the mail system at host " + request.reportingMta() + ".", utf8);
        paragraph(out, opening(request), utf8);
        for (RecipientReport r : request.recipients()) {
            for (String piece : Fields.cut(Fields.text("<" + r.recipient().address() + ">:", utf8), MAX_QUOTED)) {
                out.append(piece).append(CRLF); // a UTF-8 address may pass 998 octets
            }
            paragraph(out, Explanations.whatHappened(r.reply()), utf8);
            out.append(r.isRemoteReply() ? "The server " + Fields.text(r.remoteMta(), utf8) + " replied:" : "Our mail system reported:")
                    .append(CRLF);
            quote(out, r.reply().toWire(), utf8);
            out.append(CRLF);
            if (r.action() == Action.DELAYED && r.willRetryUntil() != null) {
                paragraph(out, "We will keep trying until " + Fields.date(r.willRetryUntil()) + ".", utf8);
            }
            if (r.action() == Action.FAILED || r.action() == Action.DELAYED) {
                paragraph(out, "What you can do: " + Explanations.advice(r.reply()), utf8);
            }
        }
        return out.toString();
    }

    private static String opening(DsnRequest request) {
        if (request.any(Action.FAILED)) {
            String attached = request.returnFullMessage() ? "your message is attached" : "its header is attached";
            return "I'm sorry to have to inform you that your message could not be delivered to one or more"
                    + " recipients. The reasons are below and " + attached + ". For further help, send mail"
                    + " to postmaster and include this report.";
        }
        if (request.any(Action.DELAYED)) {
            return "This is a warning only; you do not need to send your message again. Delivery to the"
                    + " recipients below is delayed, and the mail system will keep trying.";
        }
        return "Your message was delivered or passed on to the recipients below. You may still receive"
                + " notices from other mail systems that handle it after us.";
    }

    /** The text wrapped at {@link #WIDTH} columns at spaces, then a blank line. */
    private static void paragraph(StringBuilder out, String text, boolean utf8) {
        StringBuilder line = new StringBuilder();
        for (String word : Fields.text(text, utf8).strip().split(" +")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > WIDTH) {
                out.append(line).append(CRLF);
                line.setLength(0);
            }
            line.append(line.length() > 0 ? " " : "").append(word);
        }
        out.append(line).append(CRLF).append(CRLF);
    }

    /** A reply as it was on the wire, indented, cut only where a line is too long (in octets). */
    private static void quote(StringBuilder out, String wire, boolean utf8) {
        for (String line : wire.split("\r\n")) {
            String text = Fields.text(line, utf8);
            if (text.isEmpty()) {
                continue;
            }
            for (String piece : Fields.cut(text, MAX_QUOTED)) {
                out.append("    ").append(piece).append(CRLF);
            }
        }
    }
}
