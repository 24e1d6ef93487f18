// What became of one recipient, as a delivery status notification reports it (RFC 3464 §2.3).
package io.caravan.bounce;

import io.caravan.mail.MailAddress;
import io.caravan.mail.SmtpReply;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One recipient's block in a DSN. The last reply decides the Status field; {@code remoteMta} says who
 * gave it: when set, the reply came from that server and is quoted as an SMTP diagnostic; when null,
 * the reply is Caravan's own (DNS failure, expiry) and is labelled as such.
 *
 * @param originalRecipient the ORCPT value ("rfc822;bob@example.org"), or null when the client sent none
 * @param remoteMta host name of the server that gave {@code reply}, or null for a local failure
 * @param lastAttempt when delivery was last tried, or null if it never was
 * @param willRetryUntil when retrying stops; reported for {@link Action#DELAYED} only
 */
public record RecipientReport(MailAddress recipient, String originalRecipient, Action action, SmtpReply reply,
                              String remoteMta, Instant lastAttempt, Instant willRetryUntil) {

    /** The RFC 3464 §2.3.3 action values. */
    public enum Action {
        FAILED, DELAYED, DELIVERED, RELAYED, EXPANDED;

        /** The keyword as it appears in the Action field, e.g. {@code failed}. */
        public String keyword() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public RecipientReport {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(reply, "reply");
    }

    /** The RFC 3463 status: the reply's enhanced code, or "5.0.0"/"4.0.0"/"2.0.0" from its basic code when it has none. */
    public String status() {
        return statusOf(reply);
    }

    static String statusOf(SmtpReply reply) {
        boolean wellFormed = reply.enhancedCode().matches("[245]\\.\\d{1,3}\\.\\d{1,3}");
        return wellFormed ? reply.enhancedCode() : (reply.code() / 100) + ".0.0";
    }

    /** True when the reply was given by a remote server rather than by Caravan itself. */
    public boolean isRemoteReply() {
        return remoteMta != null;
    }
}
