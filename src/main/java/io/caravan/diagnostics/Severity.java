// How bad a troubleshooting finding is: ok, warning (mail may suffer), failure (mail does not go out, or is refused).
package io.caravan.diagnostics;

import java.util.Locale;

public enum Severity {
    OK, WARNING, FAILURE;

    /** "ok", "warning", "failure": the word the API and the command print. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Severity worse(Severity other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
