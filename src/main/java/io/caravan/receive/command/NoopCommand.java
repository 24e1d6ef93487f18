// NOOP: does nothing, says 250 (clients use it to keep a session alive).
package io.caravan.receive.command;

import io.caravan.receive.SmtpCommand;
import io.caravan.mail.SmtpReply;
import io.caravan.receive.SmtpSession;

final class NoopCommand implements SmtpCommand {

    @Override
    public void execute(SmtpSession session, String argument) {
        session.reply(SmtpReply.of(250, "2.0.0", "Ok"));
    }
}
