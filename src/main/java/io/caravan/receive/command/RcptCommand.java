// RCPT TO: adds a recipient after the RCPT hooks (relay control, routing) and then the RCPT agents agree.
package io.caravan.receive.command;

import io.caravan.receive.SmtpCommand;
import io.caravan.mail.MailAddress;
import io.caravan.mail.SmtpReply;
import io.caravan.receive.SmtpSession;
import io.caravan.receive.SmtpTransaction;
import io.caravan.receive.hook.HookResult;

final class RcptCommand implements SmtpCommand {

    @Override
    public void execute(SmtpSession session, String argument) {
        SmtpTransaction tx = session.transaction();
        if (tx == null) {
            session.error(SmtpReply.of(503, "5.5.1", "Error: need MAIL command"));
            return;
        }
        PathArgument arg = PathArgument.parse(argument, "TO:");
        if (arg == null) {
            String repeated = PathArgument.repeatedParameter(argument, "TO:");
            session.error(SmtpReply.of(501, "5.5.4", repeated != null ? "Duplicate " + repeated + " parameter" : "Syntax: RCPT TO:<address>"));
            return;
        }
        SmtpReply paramError = checkParameters(arg.parameters());
        if (paramError != null) {
            session.error(paramError);
            return;
        }
        MailAddress rcpt;
        try {
            rcpt = parseRecipient(arg.path(), session);
        } catch (IllegalArgumentException e) {
            session.error(SmtpReply.of(501, "5.1.3", "Bad recipient address syntax: " + e.getMessage()));
            return;
        }
        if (rcpt.isNullSender()) {
            session.error(SmtpReply.of(501, "5.1.3", "Bad recipient address syntax: empty address"));
            return;
        }
        if (!Ascii.isAscii(rcpt.address()) && !tx.smtpUtf8()) {
            session.error(SmtpReply.of(553, "5.6.7", "Non-ASCII recipient address needs SMTPUTF8 in MAIL FROM"));
            return;
        }
        int max = session.connectorContext().settings().maxRecipients();
        if (tx.recipients().size() >= max) {
            session.refuseRecipient(tx, rcpt, SmtpReply.of(452, "4.5.3", "Error: too many recipients (at most " + max + " per message)"));
            return;
        }
        HookResult r = session.connectorContext().hooks().onRcpt(session, tx.sender(), rcpt);
        if (r.refuses()) {
            session.refuseRecipient(tx, rcpt, r.reply());
            return;
        }
        session.recipientAccepted(tx, rcpt, arg.parameters().get("NOTIFY"), arg.parameters().get("ORCPT"));
    }

    private static SmtpReply checkParameters(java.util.Map<String, String> params) {
        for (java.util.Map.Entry<String, String> p : params.entrySet()) {
            switch (p.getKey()) {
                case "NOTIFY" -> {
                    if (!DsnSyntax.isNotify(p.getValue())) {
                        return SmtpReply.of(501, "5.5.4", "NOTIFY must be NEVER or a list of SUCCESS, FAILURE, DELAY");
                    }
                }
                case "ORCPT" -> {
                    if (!DsnSyntax.isOrcpt(p.getValue())) {
                        return SmtpReply.of(501, "5.5.4", "ORCPT must be addr-type;xtext");
                    }
                }
                default -> {
                    return SmtpReply.of(555, "5.5.4", "Unsupported parameter " + p.getKey());
                }
            }
        }
        return null;
    }

    /** RFC 5321 §4.5.1: "&lt;Postmaster&gt;" without a domain must be accepted; it means our own postmaster (caravan.postmaster). */
    private static MailAddress parseRecipient(String path, SmtpSession session) {
        if (path.equalsIgnoreCase("<postmaster>")) {
            return session.connectorContext().postmaster();
        }
        return MailAddress.parse(path);
    }
}
