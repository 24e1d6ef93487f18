// BDAT (RFC 3030 CHUNKING): a chunk of exactly the announced size follows; LAST ends the message.
package io.caravan.receive.command;

import io.caravan.receive.SmtpCommand;
import io.caravan.mail.SmtpReply;
import io.caravan.receive.SmtpSession;

import java.util.Locale;

final class BdatCommand implements SmtpCommand {

    @Override
    public void execute(SmtpSession session, String argument) {
        String[] parts = argument.split(" +");
        long size;
        try {
            size = Long.parseLong(parts[0]);
        } catch (NumberFormatException e) {
            size = -1;
        }
        boolean last = parts.length == 2 && parts[1].toUpperCase(Locale.ROOT).equals("LAST");
        if (size < 0 || parts.length > 2 || (parts.length == 2 && !last)) {
            // the size is unknown, so the chunk cannot be skipped: the session cannot stay in step
            session.error(SmtpReply.of(501, "5.5.4", "Syntax: BDAT size [LAST]; closing the connection"));
            session.quitAfterError();
            return;
        }
        SmtpReply refusal = session.transaction() == null ? SmtpReply.of(503, "5.5.1", "Error: need MAIL command")
                : session.transaction().recipients().isEmpty() ? SmtpReply.of(554, "5.5.1", "Error: no valid recipients") : null;
        if (refusal != null) {
            session.discardChunk(size, refusal); // RFC 3030 §2: the chunk is read and thrown away
            return;
        }
        session.startChunk(size, last);
    }
}
