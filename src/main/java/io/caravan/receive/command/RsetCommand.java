// RSET: abandons the current transaction, keeps the session.
package io.caravan.receive.command;

import io.caravan.receive.SmtpCommand;
import io.caravan.mail.SmtpReply;
import io.caravan.receive.SmtpSession;

final class RsetCommand implements SmtpCommand {

    @Override
    public void execute(SmtpSession session, String argument) {
        if (!argument.isEmpty()) {
            session.error(SmtpReply.of(501, "5.5.4", "Syntax: RSET"));
            return;
        }
        session.resetTransaction();
        session.reply(SmtpReply.of(250, "2.0.0", "Ok"));
    }
}
