// DATA: after at least one accepted recipient, switches the session to reading the message.
package io.caravan.receive.command;

import io.caravan.receive.SmtpCommand;
import io.caravan.mail.SmtpReply;
import io.caravan.receive.SmtpSession;

final class DataCommand implements SmtpCommand {

    @Override
    public void execute(SmtpSession session, String argument) {
        if (!argument.isEmpty()) {
            session.error(SmtpReply.of(501, "5.5.4", "Syntax: DATA"));
            return;
        }
        if (session.inBdat()) {
            session.error(SmtpReply.of(503, "5.5.1", "Error: DATA not allowed after BDAT"));
            return;
        }
        if (session.transaction() == null) {
            session.error(SmtpReply.of(503, "5.5.1", "Error: need MAIL command"));
            return;
        }
        if (session.transaction().recipients().isEmpty()) {
            session.error(SmtpReply.of(554, "5.5.1", "Error: no valid recipients"));
            return;
        }
        session.startData();
        session.reply(SmtpReply.of(354, "", "End data with <CR><LF>.<CR><LF>"));
    }
}
