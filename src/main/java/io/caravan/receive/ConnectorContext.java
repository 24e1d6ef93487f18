// What every session of one receive connector shares: its name, settings, policy and where messages go.
package io.caravan.receive;

import io.caravan.mail.MailAddress;
import io.caravan.receive.connector.ConnectorSecurity;
import io.caravan.receive.connector.IpRanges;
import io.caravan.receive.connector.ReceiveConnectorsConfig;
import io.caravan.mail.RawMessage;
import io.caravan.mail.SmtpReply;
import io.caravan.queue.MessageSpool;
import io.caravan.receive.hook.SmtpHooks;
import io.vertx.core.Future;

public record ConnectorContext(String name, ReceiveConnectorsConfig.ReceiveConnector settings, String hostname,
        MailAddress postmaster, IpRanges relayRanges, IpRanges remoteRanges, ConnectorSecurity security, SmtpHooks hooks, SmtpVerbs verbs,
        MessageSpool spool, Submitter submitter) {

    /** Hands a complete message to the receive route and yields the reply for the client. */
    public interface Submitter {
        /** Releases {@code message} (its spool file) once the route is done with it. */
        Future<SmtpReply> submit(SmtpSession session, SmtpTransaction transaction, String queueId, RawMessage message);

        io.vertx.core.Vertx vertx();
    }

    public String bannerName() {
        return settings.banner().orElse(hostname);
    }
}
