// What one delivery attempt did for one recipient, with the reply that decided it and who gave it.
package io.caravan.delivery;

import io.caravan.mail.MailAddress;
import io.caravan.mail.SmtpReply;

/**
 * @param remote the reply is the next hop's own words (quoted as such in reports), not Caravan's account of a failure
 * @param dsnPassedOn the next hop took the DSN request itself (it speaks DSN), so a success report is its job, not ours
 * @param tls the TLS protocol and cipher of the connection the reply came over, empty without TLS
 */
public record RecipientOutcome(MailAddress recipient, Status status, SmtpReply reply, String host, boolean remote,
        boolean dsnPassedOn, String tls) {

    public enum Status { DELIVERED, DEFERRED, FAILED }

    /** An outcome Caravan decided (DNS, connection, local delivery). */
    public static RecipientOutcome of(MailAddress recipient, SmtpReply reply, String host) {
        return new RecipientOutcome(recipient, status(reply), reply, host, false, false, "");
    }

    /** An outcome the next hop's reply decided. */
    public static RecipientOutcome remote(MailAddress recipient, SmtpReply reply, String host) {
        return new RecipientOutcome(recipient, status(reply), reply, host, true, false, "");
    }

    /** The one place 4xx versus 5xx becomes retry versus bounce (DESIGN.md invariant 5). */
    private static Status status(SmtpReply reply) {
        return reply.isPositive() ? Status.DELIVERED : reply.isTransient() ? Status.DEFERRED : Status.FAILED;
    }

    public RecipientOutcome withDsnPassedOn() {
        return new RecipientOutcome(recipient, status, reply, host, remote, true, tls);
    }

    public RecipientOutcome withTls(String negotiated) {
        return new RecipientOutcome(recipient, status, reply, host, remote, dsnPassedOn, negotiated);
    }
}
