// Test-only door into the package-private MAIL/RCPT argument parsers for the fuzz tests in io.caravan.fuzz.
package io.caravan.receive.command;

import java.util.Map;

/** Passes straight through to {@link PathArgument} and {@link DsnSyntax}; nothing else. */
public final class CommandFuzzing {

    private CommandFuzzing() {
    }

    /** A parsed "FROM:&lt;path&gt; PARAM=value ..." argument. */
    public record Path(String path, Map<String, String> parameters) {
    }

    /** @return null when the argument is not "&lt;prefix&gt;&lt;path&gt; params", as PathArgument says */
    public static Path parsePath(String argument, String prefix) {
        PathArgument parsed = PathArgument.parse(argument, prefix);
        return parsed == null ? null : new Path(parsed.path(), parsed.parameters());
    }

    public static boolean isRet(String value) {
        return DsnSyntax.isRet(value);
    }

    public static boolean isEnvId(String value) {
        return DsnSyntax.isEnvId(value);
    }

    public static boolean isNotify(String value) {
        return DsnSyntax.isNotify(value);
    }

    public static boolean isOrcpt(String value) {
        return DsnSyntax.isOrcpt(value);
    }
}
