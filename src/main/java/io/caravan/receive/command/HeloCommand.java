// HELO and EHLO: the client names itself; EHLO lists our ESMTP extensions.
package io.caravan.receive.command;

import io.caravan.receive.SmtpCommand;
import io.caravan.mail.SmtpReply;
import io.caravan.receive.ConnectorContext;
import io.caravan.receive.SmtpSession;
import io.caravan.receive.hook.HookResult;

final class HeloCommand implements SmtpCommand {

    private final boolean extended;

    HeloCommand(boolean extended) {
        this.extended = extended;
    }

    @Override
    public void execute(SmtpSession session, String argument) {
        String verb = extended ? "EHLO" : "HELO";
        if (argument.isEmpty() || argument.contains(" ")) {
            session.error(SmtpReply.of(501, "5.5.4", "Syntax: " + verb + " hostname"));
            return;
        }
        if (!printable(argument)) {
            session.error(SmtpReply.of(501, "5.5.4", "Invalid " + verb + " name"));
            return;
        }
        HookResult r = session.connectorContext().hooks().onHelo(session, argument);
        if (r.refuses()) {
            session.refuseHelo(r.reply());
            return;
        }
        session.greet(argument, extended);
        ConnectorContext c = session.connectorContext();
        if (!extended) {
            session.reply(SmtpReply.of(250, "", c.hostname()));
            return;
        }
        java.util.List<String> lines = new java.util.ArrayList<>(java.util.List.of(c.hostname(), "PIPELINING",
                "SIZE " + c.settings().maxMessageSize(), "8BITMIME", "ENHANCEDSTATUSCODES", "DSN", "SMTPUTF8", "CHUNKING"));
        if (c.security().offersStartTls() && !session.isSecure()) {
            lines.add("STARTTLS");
        }
        if (c.security().offersAuth(session.isSecure()) && session.authenticatedUser().isEmpty()) {
            lines.add("AUTH PLAIN LOGIN");
        }
        session.reply(SmtpReply.of(250, "", String.join("\n", lines)));
    }

    /** Printable ASCII only, so the name is safe to copy into the Received field. */
    private static boolean printable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch <= 32 || ch >= 127) {
                return false;
            }
        }
        return true;
    }
}
