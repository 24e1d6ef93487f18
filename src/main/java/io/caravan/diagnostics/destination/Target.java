// What to diagnose: a domain, or an address (then its domain, plus MAIL FROM / RCPT TO at its mail host).
package io.caravan.diagnostics.destination;

import io.caravan.mail.Domains;
import io.caravan.mail.MailAddress;

import java.util.regex.Pattern;

/** @param address null when a bare domain was given */
public record Target(String domain, MailAddress address) {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9_]([a-z0-9-]{0,61}[a-z0-9])?");

    /**
     * "example.com" or "user@example.com" (IDN accepted, looked up in its ASCII form).
     *
     * @throws IllegalArgumentException saying what is wrong with the text
     */
    public static Target parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("give a domain (example.com) or an address (user@example.com)");
        }
        String t = text.strip();
        if (t.contains("@")) {
            MailAddress address;
            try {
                address = MailAddress.parse(t);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + t + "' is not a mail address: " + e.getMessage());
            }
            return new Target(domain(address.domain()), address);
        }
        return new Target(domain(t), null);
    }

    private static String domain(String text) {
        String d = Domains.normalize(text);
        if (d.isEmpty() || d.length() > 253) {
            throw new IllegalArgumentException("'" + text + "' is not a domain name");
        }
        for (String label : d.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException("'" + text + "' is not a domain name (bad label '" + label + "')");
            }
        }
        return d;
    }

    @Override
    public String toString() {
        return address == null ? domain : address.toString();
    }
}
