// Where the caravan command reads and writes: the real console in production, captured streams in tests.
package io.caravan.cli;

import java.io.Console;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Map;

/**
 * @param console the interactive terminal for reading a password without echo; null when there is none
 * @param env     the environment (CARAVAN_URL, CARAVAN_TOKEN)
 */
public record Terminal(InputStream in, PrintWriter out, PrintWriter err, Map<String, String> env, Console console) {

    static Terminal system() {
        return new Terminal(System.in, new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.getenv(),
                System.console());
    }
}
