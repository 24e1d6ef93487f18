// Why a delivery was deferred or failed, in the six kinds an administrator acts on differently.
package io.caravan.diagnostics.trouble;

import io.caravan.mail.SmtpReply;

import java.util.Locale;
import java.util.regex.Pattern;

/** Read from the reply's enhanced status code (RFC 3463) first, then from well-known words in its text. */
public enum Cause {
    DNS("DNS"), CONNECTION("connection"), TLS("TLS"), POLICY("policy or blocklist"), MAILBOX("mailbox"), CONTENT("content"), OTHER("other");

    private static final Pattern TLS_WORDS = Pattern.compile("\\b(tls|ssl|starttls|certificate|handshake)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern BLOCK_WORDS = Pattern.compile(
            "\\b(block(ed|list(ed)?)?|black ?list(ed)?|spamhaus|reputation|listed|dnsbl|rbl|spf|dkim|dmarc|policy)\\b", Pattern.CASE_INSENSITIVE);

    private final String word;

    Cause(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    public static Cause of(SmtpReply reply) {
        String status = reply.enhancedCode();
        String text = reply.text();
        if (TLS_WORDS.matcher(text).find() || status.endsWith(".7.10") || status.endsWith(".7.11")) {
            return TLS;
        }
        if (!status.isEmpty()) {
            String detail = status.substring(2);
            if (detail.equals("4.3") || detail.equals("1.2") || detail.equals("1.10") || detail.equals("4.4")) {
                return DNS;
            }
            if (detail.startsWith("4.")) {
                return CONNECTION;
            }
            if (detail.startsWith("7.") || BLOCK_WORDS.matcher(text).find()) {
                return POLICY;
            }
            if (detail.startsWith("1.") || detail.startsWith("2.")) {
                return MAILBOX;
            }
            if (detail.startsWith("6.") || detail.equals("3.4")) {
                return CONTENT;
            }
        }
        if (BLOCK_WORDS.matcher(text).find()) {
            return POLICY;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.contains("dns") || lower.contains("resolve")) {
            return DNS;
        }
        if (lower.contains("connect") || lower.contains("timed out")) {
            return CONNECTION;
        }
        return OTHER;
    }
}
