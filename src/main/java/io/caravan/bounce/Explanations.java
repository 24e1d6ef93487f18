// Plain-language reading of an SMTP reply for the person who sent the message and their administrator.
package io.caravan.bounce;

import io.caravan.mail.SmtpReply;

import java.util.regex.Pattern;

/**
 * Chooses what a bounce tells a human, from the RFC 3463 enhanced status code first, then the basic
 * code, then well-known wording in the text (blocklists, unknown users) that servers send without a
 * precise code. The server's own reply is always shown next to these sentences, so they may be general.
 */
public final class Explanations {

    private static final Pattern BLOCKLIST_WORDS = Pattern.compile(
            "\\b(block(ed|list(ed)?)?|black ?list(ed)?|spamhaus|reputation|listed|dnsbl|rbl)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern UNKNOWN_USER_WORDS = Pattern.compile(
            "no such (user|mailbox|recipient)|(user|mailbox|recipient) unknown|unknown (user|mailbox|recipient)",
            Pattern.CASE_INSENSITIVE);

    private Explanations() {
    }

    /** One or two sentences saying what happened to the message. */
    public static String whatHappened(SmtpReply reply) {
        return Reason.of(reply).happened;
    }

    /** One or two sentences saying what the sender or an administrator can do about it. */
    public static String advice(SmtpReply reply) {
        return Reason.of(reply).advice;
    }

    private enum Reason {
        DELIVERED("The message was delivered.",
                "Nothing needs to be done."),
        MAILBOX_UNKNOWN("The receiving server says this mailbox does not exist.",
                "Check the spelling of the address, or ask the recipient for their current address."),
        NO_SUCH_DOMAIN("The recipient's domain does not exist.",
                "Check the spelling of the domain after the '@', or ask the recipient for their current address."),
        NULL_MX("The recipient's domain exists but has declared that it accepts no mail (null MX).",
                "Check the domain after the '@', or ask the recipient how to reach them."),
        MAILBOX_FULL("The recipient's mailbox is full.",
                "Try again later, or tell the recipient another way that their mailbox is full."),
        TOO_LARGE("The message is larger than the receiving server accepts.",
                "Send a smaller message, for example with a link to the file instead of an attachment."),
        BLOCKED("The receiving server refused mail from our server's IP address or content, usually because of a blocklist or poor reputation.",
                "Administrator: check our sending IP on DNS blocklists, check that reverse DNS (PTR) matches our host name, and check SPF, DKIM and DMARC."),
        POLICY("The receiving server's security policy refused the message, for example a failed SPF, DKIM or DMARC check or missing authentication.",
                "Administrator: check SPF, DKIM and DMARC for the sender's domain; the server's reply names the policy."),
        NO_CONNECTION("We could not connect to the receiving server: the connection was refused, broke or timed out.",
                "Nothing yet, we keep trying; if it persists, the recipient's administrator should check that their mail server is reachable."),
        DNS_TROUBLE("Looking up the recipient's mail server in DNS failed for now.",
                "Nothing yet, we keep trying; if it persists, the recipient's administrator should check their domain's DNS."),
        NO_ROUTE("We found no mail server for the recipient's domain (no usable MX or address records).",
                "Check the domain after the '@'; if it is right, the recipient's administrator should check their MX records."),
        EXPIRED("We kept trying to deliver the message until the time limit ran out.",
                "Try again later or reach the recipient another way; the last reply shows why the receiving server did not accept it."),
        LOOP("The message went round in a loop between mail servers and was stopped.",
                "Administrator: check forwarding, MX records and relay settings for the recipient's domain."),
        TEMPORARY("The receiving server did not accept the message for now.",
                "Nothing yet, we keep trying; the server's reply says why it deferred the message."),
        PERMANENT("The receiving server refused the message permanently.",
                "Read the server's reply for the reason; if it is unclear, forward this report to your postmaster.");

        final String happened;
        final String advice;

        Reason(String happened, String advice) {
            this.happened = happened;
            this.advice = advice;
        }

        static Reason of(SmtpReply reply) {
            String status = RecipientReport.statusOf(reply);
            char kind = status.charAt(0);
            if (kind == '2') {
                return DELIVERED;
            }
            String detail = status.substring(2); // "1.1" from "5.1.1": the subject and detail, without the class
            Reason byCode = switch (detail) {
                case "1.1" -> MAILBOX_UNKNOWN;
                case "1.2" -> NO_SUCH_DOMAIN;
                case "1.10" -> NULL_MX;
                case "2.2" -> MAILBOX_FULL;
                case "2.3", "3.4" -> TOO_LARGE;
                case "4.1", "4.2" -> kind == '4' ? NO_CONNECTION : null;
                case "4.3" -> DNS_TROUBLE;
                case "4.4" -> NO_ROUTE;
                case "4.6" -> LOOP;
                case "4.7" -> EXPIRED;
                default -> null;
            };
            if (byCode != null) {
                return byCode;
            }
            // 4.7.1 is left out on purpose: it is also what greylisting answers.
            if ((kind == '5' && detail.equals("7.1")) || BLOCKLIST_WORDS.matcher(reply.text()).find()) {
                return BLOCKED;
            }
            if (kind == '5' && detail.startsWith("7.")) {
                return POLICY;
            }
            if (reply.code() == 552 && reply.enhancedCode().isEmpty()) {
                return TOO_LARGE; // RFC 5321 "exceeded storage allocation", in practice the size limit
            }
            if (UNKNOWN_USER_WORDS.matcher(reply.text()).find()) {
                return MAILBOX_UNKNOWN;
            }
            return kind == '4' ? TEMPORARY : PERMANENT;
        }
    }
}
