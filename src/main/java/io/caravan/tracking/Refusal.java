// What a REFUSED tracking event says: who was refused what, at which command, with which reply.
package io.caravan.tracking;

import io.caravan.mail.MailAddress;
import io.caravan.mail.SmtpReply;

import java.util.List;

/**
 * @param phase      "connect", "mail", "rcpt" or "data"
 * @param connector  the receive connector
 * @param clientIp   the client's address
 * @param queueId    the transaction's queue id, empty before MAIL was accepted
 * @param messageId  the Message-ID at end of data, else empty
 * @param from       MAIL FROM, null before it was given
 * @param recipients the recipient refused (RCPT), or those of the refused message (data)
 * @param reply      the reply exactly as sent
 */
public record Refusal(String phase, String connector, String clientIp, String queueId, String messageId, MailAddress from,
        List<MailAddress> recipients, SmtpReply reply) {

    public Refusal {
        queueId = queueId == null ? "" : queueId;
        messageId = messageId == null ? "" : messageId;
        recipients = List.copyOf(recipients);
    }
}
