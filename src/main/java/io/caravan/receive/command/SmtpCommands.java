// The table of SMTP verbs this server understands.
package io.caravan.receive.command;

import io.caravan.mail.SmtpReply;

import java.util.Map;

public final class SmtpCommands {

    private static final SmtpCommand UNRECOGNIZED =
            (session, argument) -> session.error(SmtpReply.of(500, "5.5.2", "Error: command not recognized"));

    private static final Map<String, SmtpCommand> VERBS = Map.of(
            "HELO", new HeloCommand(false),
            "EHLO", new HeloCommand(true),
            "MAIL", new MailCommand(),
            "RCPT", new RcptCommand(),
            "DATA", new DataCommand(),
            "RSET", new RsetCommand(),
            "NOOP", new NoopCommand(),
            "QUIT", new QuitCommand(),
            "HELP", new HelpCommand(),
            "VRFY", new VrfyCommand());

    private SmtpCommands() {
    }

    public static SmtpCommand forVerb(String verb) {
        return VERBS.getOrDefault(verb, UNRECOGNIZED);
    }
}
