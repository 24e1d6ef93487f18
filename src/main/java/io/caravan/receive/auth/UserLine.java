// One line of the SMTP AUTH users file, `username:bcrypt-hash[:send-as]`, parsed and formatted.
package io.caravan.receive.auth;

import java.util.regex.Pattern;

/**
 * Shared by {@link UserStore} (reading) and {@link UsersFile} (writing) so both agree on the
 * format. {@code sendAs} is null when the line has no third field, meaning "the username itself".
 */
record UserLine(String username, String hash, String sendAs) {

    /** Versions 2a/2b/2x/2y, cost 04..31, 22 characters of salt and 31 of hash. */
    private static final Pattern BCRYPT = Pattern.compile("\\$2[abxy]\\$(0[4-9]|[12][0-9]|3[01])\\$[./A-Za-z0-9]{53}");

    UserLine {
        requireValidUsername(username);
        if (hash.isEmpty()) {
            throw new IllegalArgumentException("user '" + username + "' has no password hash");
        }
        if (!BCRYPT.matcher(hash).matches()) {
            throw new IllegalArgumentException("password hash of user '" + username
                    + "' is not a bcrypt string ($2a$12$ followed by 53 characters)");
        }
        if (sendAs != null) {
            SendAs.parse(sendAs);
        }
    }

    static void requireValidUsername(String username) {
        if (username.isEmpty() || username.contains(":") || username.startsWith("#")
                || username.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException(
                    "username '" + username + "' must be non-empty, without ':' or spaces, and not start with '#'");
        }
    }

    /** True for lines the format ignores: blank lines and {@code #} comments. */
    static boolean isIgnorable(String line) {
        String trimmed = line.strip();
        return trimmed.isEmpty() || trimmed.startsWith("#");
    }

    /** Parses a line that is not ignorable; throws IllegalArgumentException saying what is wrong. */
    static UserLine parse(String line) {
        String[] fields = line.strip().split(":", -1);
        if (fields.length == 1) {
            throw new IllegalArgumentException("expected username:bcrypt-hash[:send-as] but found no ':'");
        }
        if (fields.length > 3) {
            throw new IllegalArgumentException("expected username:bcrypt-hash[:send-as] but found "
                    + (fields.length - 1) + " ':' separators");
        }
        return new UserLine(fields[0], fields[1], fields.length == 3 ? fields[2] : null);
    }

    /** The username of a non-ignorable line, even if the rest of it is malformed. */
    static String usernameOf(String line) {
        String trimmed = line.strip();
        int colon = trimmed.indexOf(':');
        return colon < 0 ? trimmed : trimmed.substring(0, colon);
    }

    int cost() {
        return Integer.parseInt(hash.substring(4, 6));
    }

    SendAs sendAsRule() {
        return sendAs == null ? SendAs.defaultFor(username) : SendAs.parse(sendAs);
    }

    String format() {
        return sendAs == null ? username + ":" + hash : username + ":" + hash + ":" + sendAs;
    }
}
