// What one delivery attempt did for one recipient, with the reply that decided it and who gave it.
package io.caravan.delivery;

import io.caravan.mail.MailAddress;
import io.caravan.mail.SmtpReply;

public record RecipientOutcome(MailAddress recipient, Status status, SmtpReply reply, String host) {

    public enum Status { DELIVERED, DEFERRED, FAILED }

    /** The one place 4xx versus 5xx becomes retry versus bounce (DESIGN.md invariant 5). */
    public static RecipientOutcome of(MailAddress recipient, SmtpReply reply, String host) {
        Status s = reply.isPositive() ? Status.DELIVERED : reply.isTransient() ? Status.DEFERRED : Status.FAILED;
        return new RecipientOutcome(recipient, s, reply, host);
    }
}
