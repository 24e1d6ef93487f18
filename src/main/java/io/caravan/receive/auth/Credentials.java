// A username and password decoded from an SMTP AUTH exchange, ready for UserStore.authenticate.
package io.caravan.receive.auth;

import java.util.Arrays;
import java.util.Objects;

/** The password is a char[] so the SMTP server can {@link #erasePassword} once it has been checked. */
public record Credentials(String username, char[] password) {

    public Credentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    public void erasePassword() {
        Arrays.fill(password, '\0');
    }

    /** Never prints the password, should a record end up in a log line. */
    @Override
    public String toString() {
        return "Credentials[username=" + username + ", password=***]";
    }
}
