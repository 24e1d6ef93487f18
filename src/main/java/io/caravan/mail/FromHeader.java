// Finds the RFC5322.From domain: the one DMARC evaluates (RFC 7489 §6.6.1) and the one DKIM signing signs for.
package io.caravan.mail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the header section only (up to the first empty line, or the first line that is neither a
 * field nor a continuation), unfolds the From field and walks its mailbox-list with comments,
 * quoted strings, angle addresses, obsolete routes and groups, the way RFC 5322 §3.4 writes them.
 */
public final class FromHeader {

    private static final Pattern FIELD_START = Pattern.compile("^([\\x21-\\x39\\x3b-\\x7e]+)[ \\t]*:(.*)$",
            Pattern.DOTALL);
    private static final Pattern LABEL = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");

    private FromHeader() {
    }

    public static Optional<String> domain(byte[] message) {
        List<String> from = new ArrayList<>();
        for (String[] field : fields(message)) {
            if (field[0].equalsIgnoreCase("From")) {
                from.add(field[1]);
            }
        }
        if (from.size() != 1) {
            return Optional.empty();
        }
        List<String> addresses = addresses(from.get(0));
        if (addresses == null || addresses.size() != 1) {
            return Optional.empty();
        }
        String address = addresses.get(0);
        int at = address.lastIndexOf('@');
        if (at < 0) {
            return Optional.empty();
        }
        String domain = Domains.normalize(address.substring(at + 1));
        return isDomainName(domain) ? Optional.of(domain) : Optional.empty();
    }

    /** A normalised DNS name: LDH labels (underscores tolerated) of 1-63 octets, 253 in all. */
    public static boolean isDomainName(String domain) {
        if (domain.isEmpty() || domain.length() > 253) {
            return false;
        }
        for (String label : domain.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    /** Name and unfolded value of every header field, in order. */
    private static List<String[]> fields(byte[] message) {
        List<String[]> out = new ArrayList<>();
        int pos = 0;
        while (pos < message.length) {
            int end = pos;
            while (end < message.length && message[end] != '\n') {
                end++;
            }
            int textEnd = end > pos && message[end - 1] == '\r' ? end - 1 : end;
            String line = new String(message, pos, textEnd - pos, StandardCharsets.UTF_8);
            pos = end + 1;
            if (line.isEmpty()) {
                break; // end of the header section
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && !out.isEmpty()) {
                String[] last = out.get(out.size() - 1);
                last[1] = last[1] + line; // unfolding removes only the line break
                continue;
            }
            var m = FIELD_START.matcher(line);
            if (!m.matches()) {
                break; // not a header field: the body starts here
            }
            out.add(new String[] {m.group(1), m.group(2)});
        }
        return out;
    }

    /**
     * The addr-specs of a mailbox-list or address-list, without comments and folding whitespace;
     * null when the syntax is broken beyond telling how many addresses there are.
     */
    static List<String> addresses(String value) {
        List<String> out = new ArrayList<>();
        StringBuilder bare = new StringBuilder();
        StringBuilder angle = null;
        String angleAddress = null;
        int comment = 0;
        boolean quoted = false;
        boolean literal = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            StringBuilder sink = angle != null ? angle : bare;
            if (comment > 0) {
                if (c == '\\') {
                    i++;
                } else if (c == '(') {
                    comment++;
                } else if (c == ')') {
                    comment--;
                }
            } else if (quoted) {
                sink.append(c);
                if (c == '\\' && i + 1 < value.length()) {
                    sink.append(value.charAt(++i));
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
                sink.append(c);
            } else if (c == '(') {
                comment = 1;
            } else if (literal) {
                if (c == ']') {
                    literal = false;
                }
                if (c != ' ' && c != '\t') {
                    sink.append(c);
                }
            } else if (c == '[') {
                literal = true;
                sink.append(c);
            } else if (c == '<') {
                if (angle != null || angleAddress != null) {
                    return null;
                }
                angle = new StringBuilder();
            } else if (c == '>') {
                if (angle == null) {
                    return null;
                }
                angleAddress = withoutRoute(angle.toString());
                angle = null;
            } else if (angle != null) {
                if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                    angle.append(c);
                }
            } else if (c == ',' || c == ';') {
                finish(out, bare, angleAddress);
                bare.setLength(0);
                angleAddress = null;
            } else if (c == ':') {
                bare.setLength(0); // a group's display name
            } else if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                bare.append(c);
            }
        }
        if (comment > 0 || quoted || literal || angle != null) {
            return null;
        }
        finish(out, bare, angleAddress);
        return out;
    }

    private static void finish(List<String> out, StringBuilder bare, String angleAddress) {
        if (angleAddress != null) {
            out.add(angleAddress); // the display name in "bare" is not an address
        } else if (bare.length() > 0) {
            out.add(bare.toString());
        }
    }

    /** "@a,@b:user@c" (RFC 5322 obs-route) becomes "user@c". */
    private static String withoutRoute(String inAngles) {
        if (inAngles.startsWith("@")) {
            int colon = inAngles.indexOf(':');
            return colon < 0 ? inAngles : inAngles.substring(colon + 1);
        }
        return inAngles;
    }
}
