// STARTTLS (RFC 3207): upgrades the session to TLS; the client must greet again afterwards.
package io.caravan.receive.command;

import io.caravan.receive.SmtpCommand;
import io.caravan.mail.SmtpReply;
import io.caravan.receive.SmtpSession;

final class StarttlsCommand implements SmtpCommand {

    @Override
    public void execute(SmtpSession session, String argument) {
        if (!argument.isEmpty()) {
            session.error(SmtpReply.of(501, "5.5.4", "Syntax: STARTTLS"));
        } else if (session.isSecure()) {
            session.error(SmtpReply.of(503, "5.5.1", "TLS already active"));
        } else if (!session.connectorContext().security().offersStartTls()) {
            session.error(SmtpReply.of(502, "5.5.1", "STARTTLS not available"));
        } else {
            session.startTls();
        }
    }
}
