// QUIT: says goodbye and closes the connection once the reply is written.
package io.caravan.receive.command;

import io.caravan.receive.SmtpCommand;
import io.caravan.receive.SmtpSession;

final class QuitCommand implements SmtpCommand {

    @Override
    public void execute(SmtpSession session, String argument) {
        session.quit();
    }
}
