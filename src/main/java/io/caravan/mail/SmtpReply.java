// An SMTP reply: basic code, RFC 3463 enhanced status code and text. The one failure type that travels everywhere.
package io.caravan.mail;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A complete SMTP reply such as {@code 550 5.7.1 Relay access denied}. Every stage that refuses,
 * defers or fails something says so with one of these, so that 4xx versus 5xx is decided once,
 * from the code, and the exact remote reply can be kept for the administrator.
 */
public record SmtpReply(int code, String enhancedCode, String text) {

    private static final Pattern CODE = Pattern.compile("\\d{3}");
    private static final Pattern ENHANCED = Pattern.compile("[245]\\.\\d{1,3}\\.\\d{1,3}");

    public SmtpReply {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("SMTP reply code out of range: " + code);
        }
        enhancedCode = enhancedCode == null ? "" : enhancedCode;
        text = text == null ? "" : text;
    }

    public static SmtpReply of(int code, String enhancedCode, String text) {
        return new SmtpReply(code, enhancedCode, text);
    }

    /**
     * Parses a reply as sent on the wire ("451 4.3.0 text" or "451 text"); the lines of a multi-line
     * reply ("550-5.1.1 a", "550 5.1.1 b") become the lines of the text, without their code prefixes.
     */
    public static SmtpReply parse(String wire) {
        List<String> lines = wire.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (lines.isEmpty() || lines.get(0).length() < 3 || !CODE.matcher(lines.get(0).substring(0, 3)).matches()) {
            throw new IllegalArgumentException("Not an SMTP reply: " + wire);
        }
        int code = Integer.parseInt(lines.get(0).substring(0, 3));
        String enhanced = "";
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            String rest = line.length() > 4 ? line.substring(4) : ""; // after "NNN-" or "NNN "
            int space = rest.indexOf(' ');
            String first = space < 0 ? rest : rest.substring(0, space);
            if (ENHANCED.matcher(first).matches() && (enhanced.isEmpty() || enhanced.equals(first))) {
                enhanced = first;
                rest = space < 0 ? "" : rest.substring(space + 1);
            }
            text.append(text.length() == 0 ? "" : "\n").append(rest);
        }
        return new SmtpReply(code, enhanced, text.toString());
    }

    public boolean isPositive() {
        return code < 400;
    }

    public boolean isTransient() {
        return code >= 400 && code < 500;
    }

    public boolean isPermanent() {
        return code >= 500;
    }

    /**
     * The reply on the wire, CRLF-terminated; text lines beyond the first become continuation lines.
     * A control character left in a line (one a client sent, echoed back) is written as {@code \xNN}:
     * reply text is printable (RFC 5321 §4.2 textstring).
     */
    public String toWire() {
        List<String> lines = text.lines().toList();
        if (lines.isEmpty()) {
            lines = List.of("");
        }
        String prefix = enhancedCode.isEmpty() ? "" : enhancedCode + " ";
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            out.append(code).append(i == lines.size() - 1 ? ' ' : '-').append(prefix);
            appendPrintable(out, lines.get(i));
            out.append("\r\n");
        }
        return out.toString();
    }

    private static void appendPrintable(StringBuilder out, String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
    }

    @Override
    public String toString() {
        return code + (enhancedCode.isEmpty() ? "" : " " + enhancedCode) + " " + text;
    }
}
