// Builds our Authentication-Results header field (RFC 8601) and removes forged ones that claim our authserv-id.
package io.caravan.check.authresults;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The one header field in which the receive stage reports SPF, DKIM and DMARC, e.g.
 * <pre>
 * Authentication-Results: mx.example.com;
 * 	spf=pass smtp.mailfrom=example.org;
 * 	dkim=pass header.d=example.org header.s=sel header.b=abcdefgh;
 * 	dmarc=pass header.from=example.org
 * </pre>
 * Each result starts a folded line (CRLF TAB); a result longer than a line folds again between its
 * properties. Invariant 3 (bytes are sacred): {@link #prepend} only adds bytes in front, and
 * {@link #stripForged} is the one permitted removal.
 */
public final class AuthenticationResults {

    /** The field name, as written. */
    public static final String FIELD_NAME = "Authentication-Results";

    private static final int LINE_LIMIT = 78;
    private static final Pattern KEYWORD = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?");
    // RFC 2045 token: any printable ASCII except SPACE and tspecials ()<>@,;:\"/[]?=
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.0-9A-Z^_`a-z{|}~]+");
    private static final Pattern ADDRESS_OR_DOMAIN = Pattern.compile(
            "(?:(?:[!#$%&'*+\\-/=?^_`{|}~0-9A-Za-z]+(?:\\.[!#$%&'*+\\-/=?^_`{|}~0-9A-Za-z]+)*)?@)?"
                    + "[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?(?:\\.[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?)*");

    private AuthenticationResults() {
    }

    /** One ptype.property=value, e.g. {@code smtp.mailfrom=example.org} or {@code header.d=example.org}. */
    public record Property(String type, String name, String value) {

        public Property {
            requireKeyword(type, "property type");
            requireKeyword(name, "property name");
            requireNoLineBreak(value, "property value");
        }
    }

    /**
     * One method's result: {@code method=result [(comment)] [reason="..."] properties...}.
     *
     * @param reason  free text for humans, empty for none (RFC 8601 §2.7)
     * @param comment a parenthesised note after the result, empty for none (e.g. "p=reject dis=quarantine")
     */
    public record MethodResult(String method, String result, String reason, String comment, List<Property> properties) {

        public MethodResult {
            requireKeyword(method, "method");
            requireKeyword(result, "result");
            requireNoLineBreak(reason, "reason");
            requireNoLineBreak(comment, "comment");
            properties = List.copyOf(properties);
        }

        public static MethodResult of(String method, String result) {
            return new MethodResult(method, result, "", "", List.of());
        }

        /** This result with one more property, e.g. {@code with("header", "d", "example.org")}. */
        public MethodResult with(String type, String name, String value) {
            List<Property> more = new ArrayList<>(properties);
            more.add(new Property(type, name, value));
            return new MethodResult(method, result, reason, comment, more);
        }

        public MethodResult withReason(String text) {
            return new MethodResult(method, result, text, comment, properties);
        }

        public MethodResult withComment(String text) {
            return new MethodResult(method, result, reason, text, properties);
        }

        /** The words of this resinfo, to be joined by a space or a fold. */
        private List<String> words() {
            List<String> words = new ArrayList<>();
            words.add(method + "=" + result);
            if (!comment.isEmpty()) {
                words.add("(" + comment.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")");
            }
            if (!reason.isEmpty()) {
                words.add("reason=" + quoted(reason));
            }
            for (Property p : properties) {
                words.add(p.type() + "." + p.name() + "=" + pvalue(p.value()));
            }
            return words;
        }
    }

    /**
     * The whole field, CRLF-terminated: one folded line per result, or "; none" when there is none.
     *
     * @param authservId our name for this ADMD, usually the host name (caravan.hostname)
     */
    public static String field(String authservId, List<MethodResult> results) {
        requireNoLineBreak(authservId, "authserv-id");
        if (authservId.isBlank()) {
            throw new IllegalArgumentException("authserv-id is empty");
        }
        StringBuilder out = new StringBuilder(FIELD_NAME).append(": ").append(value(authservId)).append(';');
        if (results.isEmpty()) {
            return out.append(" none\r\n").toString();
        }
        for (int i = 0; i < results.size(); i++) {
            out.append("\r\n\t");
            int lineLength = 1;
            boolean first = true;
            for (String word : results.get(i).words()) {
                if (!first && lineLength + 1 + word.length() > LINE_LIMIT) {
                    out.append("\r\n\t");
                    lineLength = 1;
                } else if (!first) {
                    out.append(' ');
                    lineLength++;
                }
                out.append(word);
                lineLength += word.length();
                first = false;
            }
            if (i < results.size() - 1) {
                out.append(';');
            }
        }
        return out.append("\r\n").toString();
    }

    /**
     * The message without the Authentication-Results fields in its header section that claim
     * {@code authservId} (RFC 8601 §5), and without any {@code X-Caravan-*} field (the verdict fields
     * our agents write: a sender's copy would vouch for what we did not say, as Exchange's header
     * firewall strips its X-MS-Exchange-Organization fields from outside), each removed with its
     * continuation lines; every other byte is kept. When nothing matches, the very same array is returned.
     */
    public static byte[] stripForged(byte[] message, String authservId) {
        return HeaderFields.withoutForged(message, authservId);
    }

    /** A token as it is, anything else as a quoted-string. */
    static String value(String text) {
        return TOKEN.matcher(text).matches() ? text : quoted(text);
    }

    /** RFC 8601 pvalue: a token, a [local-part@]domain-name, or else a quoted-string. */
    private static String pvalue(String text) {
        return TOKEN.matcher(text).matches() || ADDRESS_OR_DOMAIN.matcher(text).matches() ? text : quoted(text);
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static void requireKeyword(String text, String what) {
        if (text == null || !KEYWORD.matcher(text).matches()) {
            throw new IllegalArgumentException(what + " must be a keyword (letters, digits, hyphens): " + text);
        }
    }

    private static void requireNoLineBreak(String text, String what) {
        if (text == null) {
            throw new IllegalArgumentException(what + " is null");
        }
        if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
            throw new IllegalArgumentException(what + " must not contain a line break");
        }
    }
}
