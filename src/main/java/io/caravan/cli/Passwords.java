// Reads a new password for caravan users: twice from the terminal without echo, or one line from stdin.
package io.caravan.cli;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Never from an argument: other users of the machine can read a process's arguments. */
final class Passwords {

    private Passwords() {
    }

    static char[] read(Terminal terminal, boolean fromStdin) {
        if (fromStdin) {
            try {
                return readLine(new InputStreamReader(terminal.in(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new CliException(CliException.USAGE, "cannot read the password from stdin: " + e.getMessage());
            }
        }
        if (terminal.console() == null) {
            throw new CliException(CliException.USAGE, "no terminal to ask for the password: pipe it in with --password-stdin");
        }
        char[] first = terminal.console().readPassword("New password: ");
        char[] again = terminal.console().readPassword("Repeat password: ");
        try {
            if (first == null || again == null || !Arrays.equals(first, again)) {
                throw new CliException(CliException.USAGE, "the passwords do not match");
            }
            return first;
        } finally {
            if (again != null) {
                Arrays.fill(again, '\0');
            }
        }
    }

    /** One line of characters, without its line ending; no String, so it can be erased. */
    static char[] readLine(Reader in) throws IOException {
        char[] buffer = new char[128];
        int length = 0;
        for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
            if (length == buffer.length) {
                char[] larger = Arrays.copyOf(buffer, length * 2);
                Arrays.fill(buffer, '\0');
                buffer = larger;
            }
            buffer[length++] = (char) c;
        }
        if (length > 0 && buffer[length - 1] == '\r') {
            length--;
        }
        char[] line = Arrays.copyOf(buffer, length);
        Arrays.fill(buffer, '\0');
        return line;
    }
}
