// VRFY: answered 252 as RFC 5321 §3.5.3 allows, so mailboxes cannot be enumerated.
package io.caravan.receive.command;

import io.caravan.receive.SmtpCommand;
import io.caravan.mail.SmtpReply;
import io.caravan.receive.SmtpSession;

final class VrfyCommand implements SmtpCommand {

    @Override
    public void execute(SmtpSession session, String argument) {
        if (argument.isEmpty()) {
            session.error(SmtpReply.of(501, "5.5.4", "Syntax: VRFY address"));
            return;
        }
        session.reply(SmtpReply.of(252, "2.5.2", "Cannot VRFY user, but will accept message and attempt delivery"));
    }
}
