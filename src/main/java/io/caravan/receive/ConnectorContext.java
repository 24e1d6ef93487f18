// What every session of one receive connector shares: its name, settings, policy and where messages go.
package io.caravan.receive;

import io.caravan.mail.MailAddress;
import io.caravan.receive.connector.ConnectorSecurity;
import io.caravan.receive.connector.IpRanges;
import io.caravan.receive.connector.ReceiveConnectorsConfig;
import io.caravan.mail.RawMessage;
import io.caravan.mail.SmtpPhase;
import io.caravan.mail.SmtpReply;
import io.caravan.queue.MessageSpool;
import io.caravan.receive.hook.SmtpHooks;
import io.caravan.tracking.Refusal;
import io.vertx.core.Future;

public record ConnectorContext(String name, ReceiveConnectorsConfig.ReceiveConnector settings, String hostname,
        MailAddress postmaster, IpRanges relayRanges, IpRanges remoteRanges, ConnectorSecurity security, SmtpHooks hooks, SmtpVerbs verbs,
        MessageSpool spool, Submitter submitter) {

    /** Hands a complete message to the receive route, and MAIL and RCPT to their filter routes, and yields the reply for the client. */
    public interface Submitter {
        /** Releases {@code message} (its spool file) once the route is done with it. */
        Future<SmtpReply> submit(SmtpSession session, SmtpTransaction transaction, String queueId, RawMessage message);

        /** Whether the phase's filter route exists and an agent in it applies to this session; never blocks. */
        boolean inspects(SmtpPhase phase, SmtpSession session);

        /**
         * Runs the phase's filter route on a worker.
         *
         * @param recipient the RCPT asked about; null at MAIL
         */
        Future<PhaseAnswer> inspect(SmtpSession session, SmtpPhase phase, SmtpTransaction transaction, MailAddress recipient);

        io.vertx.core.Vertx vertx();

        /** Records a refusal of mail in the dialogue (a REFUSED tracking event); the session has sent its reply. */
        default void refused(Refusal refusal) {
        }
    }

    public String bannerName() {
        return settings.banner().orElse(hostname);
    }
}
