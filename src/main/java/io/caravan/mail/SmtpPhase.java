// The SMTP commands inspection agents may answer: MAIL, RCPT, and the end of the message data.
package io.caravan.mail;

import java.util.Locale;

/**
 * Each has its filter route in routes/20-filter.yaml: {@code 20-filter-mail}, {@code 20-filter-rcpt}
 * and {@code 20-filter} (end of data). An agent's refusal at MAIL or RCPT is the reply to that command.
 */
public enum SmtpPhase {
    MAIL, RCPT, DATA;

    /** The filter route's id: "20-filter-mail", "20-filter-rcpt", "20-filter". */
    public String routeId() {
        return this == DATA ? "20-filter" : "20-filter-" + wire();
    }

    /** "mail", "rcpt", "data": the value of header {@link CaravanHeaders#SMTP_PHASE}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The phase a header names; DATA when none is named (the end-of-data route predates the others). */
    public static SmtpPhase of(Object wire) {
        return wire == null ? DATA : valueOf(wire.toString().toUpperCase(Locale.ROOT));
    }
}
