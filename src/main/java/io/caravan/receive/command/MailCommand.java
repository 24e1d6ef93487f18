// MAIL FROM: starts a transaction once SIZE and BODY (RFC 1870, RFC 6152), the MAIL hooks and then the MAIL agents agree.
package io.caravan.receive.command;

import io.caravan.receive.SmtpCommand;
import io.caravan.mail.MailAddress;
import io.caravan.mail.SmtpReply;
import io.caravan.receive.SmtpSession;
import io.caravan.receive.hook.HookResult;

import java.util.Map;
import java.util.Set;

final class MailCommand implements SmtpCommand {

    /** RFC 1870: the SIZE announced is more than the connector accepts. */
    private static final int TOO_BIG = 552;

    private static final Set<String> BODY_TYPES = Set.of("7BIT", "8BITMIME");

    @Override
    public void execute(SmtpSession session, String argument) {
        if (!session.hasGreeted()) {
            session.error(SmtpReply.of(503, "5.5.1", "Error: send HELO/EHLO first"));
            return;
        }
        if (session.transaction() != null) {
            session.error(SmtpReply.of(503, "5.5.1", "Error: nested MAIL command"));
            return;
        }
        SmtpReply notPermitted = PermissionCheck.refusal(session);
        if (notPermitted != null) {
            session.refuseMail(null, notPermitted);
            return;
        }
        PathArgument arg = PathArgument.parse(argument, "FROM:");
        if (arg == null) {
            String repeated = PathArgument.repeatedParameter(argument, "FROM:");
            session.error(SmtpReply.of(501, "5.5.4", repeated != null ? "Duplicate " + repeated + " parameter" : "Syntax: MAIL FROM:<address>"));
            return;
        }
        MailAddress sender;
        try {
            sender = MailAddress.parse(arg.path());
        } catch (IllegalArgumentException e) {
            session.error(SmtpReply.of(501, "5.1.7", "Bad sender address syntax: " + e.getMessage()));
            return;
        }
        SmtpReply paramError = checkParameters(arg.parameters(), session.connectorContext().settings().maxMessageSize());
        if (paramError != null && paramError.code() == TOO_BIG) {
            session.refuseMail(sender, paramError); // not a syntax error: the message is refused for its size
            return;
        }
        if (paramError != null) {
            session.error(paramError);
            return;
        }
        if (!Ascii.isAscii(sender.address()) && !arg.parameters().containsKey("SMTPUTF8")) {
            session.error(SmtpReply.of(553, "5.6.7", "Non-ASCII sender address needs the SMTPUTF8 parameter"));
            return;
        }
        HookResult r = session.connectorContext().hooks().onMail(session, sender, arg.parameters());
        if (r.refuses()) {
            session.refuseMail(sender, r.reply());
            return;
        }
        session.mailAccepted(sender, arg.parameters());
    }

    private static SmtpReply checkParameters(Map<String, String> params, long maxSize) {
        for (Map.Entry<String, String> p : params.entrySet()) {
            switch (p.getKey()) {
                case "SIZE" -> {
                    long declared;
                    try {
                        declared = Long.parseLong(p.getValue());
                    } catch (NumberFormatException e) {
                        return SmtpReply.of(501, "5.5.4", "Bad SIZE parameter");
                    }
                    if (declared < 0) {
                        return SmtpReply.of(501, "5.5.4", "Bad SIZE parameter");
                    }
                    if (declared > maxSize) {
                        return SmtpReply.of(TOO_BIG, "5.3.4", "Message size exceeds fixed limit of " + maxSize + " bytes");
                    }
                }
                case "BODY" -> {
                    if (!BODY_TYPES.contains(p.getValue().toUpperCase(java.util.Locale.ROOT))) {
                        return SmtpReply.of(501, "5.5.4", "BODY must be 7BIT or 8BITMIME");
                    }
                }
                case "SMTPUTF8" -> {
                    if (!p.getValue().isEmpty()) {
                        return SmtpReply.of(501, "5.5.4", "SMTPUTF8 takes no value");
                    }
                }
                case "RET" -> {
                    if (!DsnSyntax.isRet(p.getValue())) {
                        return SmtpReply.of(501, "5.5.4", "RET must be FULL or HDRS");
                    }
                }
                case "ENVID" -> {
                    if (!DsnSyntax.isEnvId(p.getValue())) {
                        return SmtpReply.of(501, "5.5.4", "ENVID must be at most 100 characters of xtext");
                    }
                }
                default -> {
                    return SmtpReply.of(555, "5.5.4", "Unsupported parameter " + p.getKey());
                }
            }
        }
        return null;
    }
}
