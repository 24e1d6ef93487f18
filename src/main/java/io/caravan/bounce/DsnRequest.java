// Everything a delivery status notification says: who reports, about which message, and per recipient what happened.
package io.caravan.bounce;

import io.caravan.mail.MailAddress;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The input of {@link DsnMessage#build}. Nullable: {@code arrival}, {@code envelopeId} (the ENVID
 * parameter of MAIL FROM, RFC 3461 §4.4). {@code returnFullMessage} is RET=FULL; without it only the
 * original header section is returned, which RFC 3461 §4.3 leaves to the MTA and keeps reports small.
 *
 * @param reportingMta our host name, for Reporting-MTA and the opening sentence
 * @param originalSender the envelope sender the report is addressed to; never the null sender
 * @param originalMessage the original RFC 5322 message as received
 * @param postmaster the address shown in From, e.g. {@code postmaster@example.com}
 */
public record DsnRequest(String reportingMta, MailAddress originalSender, String queueId, Instant arrival,
                         String envelopeId, boolean returnFullMessage, List<RecipientReport> recipients,
                         byte[] originalMessage, String postmaster, Instant now, String messageIdDomain) {

    public DsnRequest {
        Objects.requireNonNull(reportingMta, "reportingMta");
        Objects.requireNonNull(originalSender, "originalSender");
        Objects.requireNonNull(queueId, "queueId");
        Objects.requireNonNull(originalMessage, "originalMessage");
        Objects.requireNonNull(postmaster, "postmaster");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(messageIdDomain, "messageIdDomain");
        if (originalSender.isNullSender()) {
            // RFC 5321 §4.5.5: a message from <> must never cause a notification, or bounces could loop.
            throw new IllegalArgumentException("no delivery status notification is sent to the null sender");
        }
        recipients = List.copyOf(recipients);
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("a delivery status notification needs at least one recipient");
        }
    }

    /**
     * True when the report is about internationalised mail and takes the RFC 6533 forms: a recipient
     * address (or a utf-8 ORCPT) beyond ASCII, or UTF-8 in the original's header section.
     */
    public boolean internationalized() {
        return recipients.stream().anyMatch(r -> !Fields.isAscii(r.recipient().address())
                        || Utf8AddressType.isInternationalOrcpt(r.originalRecipient()))
                || ReturnedMessage.hasEightBitHeader(originalMessage);
    }

    /** True when any recipient has the given action. */
    public boolean any(RecipientReport.Action action) {
        return recipients.stream().anyMatch(r -> r.action() == action);
    }
}
