// The machine-readable part of a report (RFC 3464 §2, RFC 6533 §6): per-message, then per-recipient fields.
package io.caravan.bounce;

import static io.caravan.bounce.Fields.CRLF;
import static io.caravan.bounce.Fields.field;

/**
 * Optional fields are written only when their value is known, as RFC 3464 asks. With {@code utf8} the
 * fields may carry UTF-8 (message/global-delivery-status): an internationalised Final-Recipient and a
 * utf-8 Original-Recipient take the unitext form of RFC 6533 §3, a diagnostic keeps its characters.
 */
final class DeliveryStatusFields {

    private DeliveryStatusFields() {
    }

    static String of(DsnRequest request, boolean utf8) {
        StringBuilder out = new StringBuilder();
        out.append(field("Reporting-MTA", "dns; " + request.reportingMta()));
        out.append(field("X-Caravan-Queue-ID", request.queueId()));
        if (request.envelopeId() != null) {
            out.append(field("Original-Envelope-Id", request.envelopeId()));
        }
        if (request.arrival() != null) {
            out.append(field("Arrival-Date", Fields.date(request.arrival())));
        }
        for (RecipientReport recipient : request.recipients()) {
            out.append(CRLF).append(recipientFields(recipient, utf8));
        }
        return out.toString();
    }

    private static String recipientFields(RecipientReport r, boolean utf8) {
        StringBuilder out = new StringBuilder();
        if (r.originalRecipient() != null) {
            out.append(field("Original-Recipient",
                    utf8 ? Utf8AddressType.originalRecipientInUtf8(r.originalRecipient()) : r.originalRecipient(), utf8));
        }
        out.append(field("Final-Recipient", Fields.addressType(r.recipient().address(), utf8), utf8));
        out.append(field("Action", r.action().keyword()));
        out.append(field("Status", r.status()));
        if (r.isRemoteReply()) {
            out.append(field("Remote-MTA", "dns; " + r.remoteMta()));
            out.append(field("Diagnostic-Code", "smtp; " + r.reply(), utf8));
        } else {
            // Not an SMTP reply from anyone: our own verdict (DNS, expiry), so it gets our diagnostic type.
            out.append(field("Diagnostic-Code", "X-Caravan; " + r.reply(), utf8));
        }
        if (r.lastAttempt() != null) {
            out.append(field("Last-Attempt-Date", Fields.date(r.lastAttempt())));
        }
        if (r.action() == RecipientReport.Action.DELAYED && r.willRetryUntil() != null) {
            out.append(field("Will-Retry-Until", Fields.date(r.willRetryUntil())));
        }
        return out.toString();
    }
}
