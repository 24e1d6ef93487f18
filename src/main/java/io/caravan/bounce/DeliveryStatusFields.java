// The machine-readable message/delivery-status part of a report (RFC 3464 §2): per-message, then per-recipient fields.
package io.caravan.bounce;

import static io.caravan.bounce.Fields.CRLF;
import static io.caravan.bounce.Fields.field;

/** Optional fields are written only when their value is known, as RFC 3464 asks. */
final class DeliveryStatusFields {

    private DeliveryStatusFields() {
    }

    static String of(DsnRequest request) {
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
            out.append(CRLF).append(recipientFields(recipient));
        }
        return out.toString();
    }

    private static String recipientFields(RecipientReport r) {
        StringBuilder out = new StringBuilder();
        if (r.originalRecipient() != null) {
            out.append(field("Original-Recipient", r.originalRecipient()));
        }
        out.append(field("Final-Recipient", Fields.addressType(r.recipient().address())));
        out.append(field("Action", r.action().keyword()));
        out.append(field("Status", r.status()));
        if (r.isRemoteReply()) {
            out.append(field("Remote-MTA", "dns; " + r.remoteMta()));
            out.append(field("Diagnostic-Code", "smtp; " + r.reply()));
        } else {
            // Not an SMTP reply from anyone: our own verdict (DNS, expiry), so it gets our diagnostic type.
            out.append(field("Diagnostic-Code", "X-Caravan; " + r.reply()));
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
