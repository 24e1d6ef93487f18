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
        long size = chunkSize(parts[0]);
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

    /** RFC 3030 §3: chunk-size = 1*DIGIT, so no sign, no blanks; -1 when it is not one (or beyond a long). */
    static long chunkSize(String text) {
        if (text.isEmpty() || text.length() > 18) {
            return -1;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(text);
    }
}
