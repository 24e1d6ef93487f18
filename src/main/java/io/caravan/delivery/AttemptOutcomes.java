// Reads what Jakarta Mail reports after one SMTP conversation into an outcome per recipient.
package io.caravan.delivery;

import io.caravan.mail.MailAddress;
import io.caravan.mail.SmtpReply;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Per-recipient outcomes from one attempt (RCPT-level and DATA-level replies: one recipient's 550
 * does not fail the others). Replies are kept verbatim; failures without a reply (refused, timed
 * out, TLS) become 4xx so the next host is tried and the copy retried.
 */
final class AttemptOutcomes {

    private static final Pattern GREETING = Pattern.compile("response: (\\d{3}.*)$", Pattern.DOTALL);

    private AttemptOutcomes() {
    }

    /**
     * @param finalReply the next hop's reply to the end of data, as sent (see {@link ReplyText}), kept
     *     verbatim when it is a reply
     */
    static List<RecipientOutcome> delivered(List<MailAddress> rcpts, String host, String finalReply) {
        SmtpReply ok = SmtpReply.of(250, "2.0.0", "Accepted by " + host);
        if (finalReply != null) {
            try {
                SmtpReply parsed = SmtpReply.parse(finalReply);
                ok = parsed.isPositive() ? parsed : ok;
            } catch (IllegalArgumentException e) {
                // keep the generic text
            }
        }
        SmtpReply reply = ok;
        return rcpts.stream().map(r -> RecipientOutcome.remote(r, reply, host)).toList();
    }

    static List<RecipientOutcome> from(Throwable failure, List<MailAddress> rcpts, String host) {
        MessagingException me = find(failure, MessagingException.class);
        if (me instanceof CaravanMailSender.SmtpUtf8Unsupported) {
            SmtpReply reply = SmtpReply.of(553, "5.6.7", me.getMessage());
            return rcpts.stream().map(r -> RecipientOutcome.of(r, reply, host)).toList();
        }
        if (me instanceof CaravanMailSender.MessageTooBig big) {
            SmtpReply reply = SmtpReply.of(552, "5.3.4",
                    "Message size " + big.size() + " exceeds the limit of " + host + ", " + big.limit() + " bytes");
            return rcpts.stream().map(r -> RecipientOutcome.of(r, reply, host)).toList();
        }
        if (me instanceof SendFailedException sfe) {
            return fromSendFailed(sfe, rcpts, host);
        }
        SmtpReply reply = connectionFailure(failure, me, host);
        return rcpts.stream().map(r -> RecipientOutcome.of(r, reply, host)).toList();
    }

    private static List<RecipientOutcome> fromSendFailed(SendFailedException sfe, List<MailAddress> rcpts, String host) {
        Map<String, SmtpReply> perAddress = new HashMap<>();
        for (Exception next = sfe.getNextException(); next != null;
                next = next instanceof MessagingException m ? m.getNextException() : null) {
            if (next instanceof SMTPAddressFailedException afe) {
                perAddress.put(plain(afe.getAddress()), reply(afe.getReturnCode(), afe.getMessage()));
            }
        }
        boolean overallRemote = sfe instanceof SMTPSendFailedException;
        SmtpReply overall = sfe instanceof SMTPSendFailedException s
                ? reply(s.getReturnCode(), s.getMessage())
                : SmtpReply.of(451, "4.4.0", "Delivery to " + host + " failed: " + sfe.getMessage());
        List<String> sent = addresses(sfe.getValidSentAddresses());
        List<RecipientOutcome> out = new ArrayList<>();
        for (MailAddress r : rcpts) {
            if (sent.contains(r.address())) {
                out.add(RecipientOutcome.remote(r, SmtpReply.of(250, "2.0.0", "Accepted by " + host), host));
            } else if (perAddress.containsKey(r.address())) {
                out.add(RecipientOutcome.remote(r, perAddress.get(r.address()), host));
            } else {
                out.add(overallRemote ? RecipientOutcome.remote(r, overall, host) : RecipientOutcome.of(r, overall, host));
            }
        }
        return out;
    }

    /**
     * A reply the server sent, kept verbatim (in UTF-8 when sent in UTF-8, see {@link ReplyText}); a
     * code Jakarta Mail could not read counts as temporary.
     */
    private static SmtpReply reply(int code, String serverText) {
        String text = serverText == null ? "" : ReplyText.asSent(serverText).strip();
        try {
            SmtpReply parsed = SmtpReply.parse(text);
            if (parsed.code() == code || code <= 0) {
                return parsed;
            }
        } catch (IllegalArgumentException e) {
            // not a reply line: keep the text below
        }
        int c = code >= 200 && code <= 599 ? code : 451;
        return SmtpReply.of(c, "", text);
    }

    private static SmtpReply connectionFailure(Throwable failure, MessagingException me, String host) {
        String text = ReplyText.asSent(me != null ? me.getMessage() : String.valueOf(failure.getMessage()));
        Matcher greeting = GREETING.matcher(text == null ? "" : text);
        if (greeting.find()) {
            SmtpReply remote = SmtpReply.parse(greeting.group(1));
            // A refusing greeting (RFC 5321 §3.1, 554) is about this host: try another, retry later.
            return SmtpReply.of(451, "4.4.0", host + " refused the session: " + remote);
        }
        if (find(failure, ConnectException.class) != null || find(failure, NoRouteToHostException.class) != null) {
            return SmtpReply.of(451, "4.4.1", "Connection to " + host + " refused or unreachable");
        }
        if (find(failure, SocketTimeoutException.class) != null) {
            return SmtpReply.of(451, "4.4.2", "Connection to " + host + " timed out");
        }
        if (find(failure, UnknownHostException.class) != null) {
            return SmtpReply.of(451, "4.4.3", "Host " + host + " does not resolve");
        }
        return SmtpReply.of(451, "4.4.0", "Delivery to " + host + " failed: " + text);
    }

    private static List<String> addresses(Address[] addresses) {
        List<String> out = new ArrayList<>();
        if (addresses != null) {
            for (Address a : addresses) {
                out.add(plain(a));
            }
        }
        return out;
    }

    /** The bare mailbox, also for recipients whose RCPT TO carried DSN parameters. */
    private static String plain(Address a) {
        return a instanceof OutboundMessage.EnvelopeRecipient r ? r.mailbox().address() : ((InternetAddress) a).getAddress();
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
            if (c instanceof MessagingException m && m.getNextException() != null && type.isInstance(m.getNextException())) {
                return type.cast(m.getNextException());
            }
        }
        return null;
    }
}
