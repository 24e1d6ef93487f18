// Runs the caravan command in-process with captured output, as the CLI tests do.
package io.caravan.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** What one run of caravan printed and returned. */
public record Cli(int exit, String out, String err) {

    /** With this environment and stdin (for --password-stdin); no console, as under a script. */
    public static Cli piped(Map<String, String> env, String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Caravan.run(new Terminal(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), new PrintWriter(out),
                new PrintWriter(err), env, null), args);
        return new Cli(exit, out.toString(), err.toString());
    }

    public static Cli run(Map<String, String> env, String... args) {
        return piped(env, "", args);
    }

    @Override
    public String toString() {
        return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
    }
}
