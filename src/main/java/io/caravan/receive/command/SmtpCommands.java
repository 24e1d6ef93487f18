// The table of SMTP verbs this server understands.
package io.caravan.receive.command;

import io.caravan.mail.SmtpReply;
import io.caravan.receive.SmtpCommand;
import io.caravan.receive.SmtpVerbs;
import jakarta.inject.Singleton;

import java.util.Map;

@Singleton
public class SmtpCommands implements SmtpVerbs {

    private static final SmtpCommand UNRECOGNIZED =
            (session, argument) -> session.error(SmtpReply.of(500, "5.5.2", "Error: command not recognized"));

    /** RFC 5321 §4.2.4 / §7.3: EXPN is optional and gives away list members; TURN (RFC 821) is obsolete and unsafe. */
    private static final SmtpCommand NOT_IMPLEMENTED =
            (session, argument) -> session.error(SmtpReply.of(502, "5.5.1", "Command not implemented"));

    private static final Map<String, SmtpCommand> VERBS = Map.ofEntries(
            Map.entry("STARTTLS", new StarttlsCommand()),
            Map.entry("AUTH", new AuthCommand()),
            Map.entry("BDAT", new BdatCommand()),
            Map.entry("HELO", new HeloCommand(false)),
            Map.entry("EHLO", new HeloCommand(true)),
            Map.entry("MAIL", new MailCommand()),
            Map.entry("RCPT", new RcptCommand()),
            Map.entry("DATA", new DataCommand()),
            Map.entry("RSET", new RsetCommand()),
            Map.entry("NOOP", new NoopCommand()),
            Map.entry("QUIT", new QuitCommand()),
            Map.entry("HELP", new HelpCommand()),
            Map.entry("VRFY", new VrfyCommand()),
            Map.entry("EXPN", NOT_IMPLEMENTED),
            Map.entry("TURN", NOT_IMPLEMENTED));

    @Override
    public SmtpCommand forVerb(String verb) {
        return VERBS.getOrDefault(verb, UNRECOGNIZED);
    }
}
