// What a stage decided for a queued copy: the one list of dispositions that travel in header CaravanDisposition.
package io.caravan.mail;

import java.util.Locale;

/**
 * The value of {@link CaravanHeaders#DISPOSITION}. On the wire (the JMS property, and what the
 * YAML routes compare, e.g. {@code ${header.CaravanDisposition} == 'retry'}) a disposition is its
 * lower-case name, {@link #wire()}: the form copies already queued by earlier versions carry.
 */
public enum Disposition {

    /** Categorize to deliver: a copy for one send connector and next hop. */
    DELIVER,
    /** Deliver to deliver: recipients deferred (4xx), or the next hop suspended or busy; scheduled for later. */
    RETRY,
    /** To the bounce stage: recipients failed (5xx, expired, unroutable); a failure report is owed. */
    BOUNCE,
    /** To the bounce stage: recipients still being retried after the delay-notice time; a delay report is owed. */
    DELAY,
    /** To the bounce stage: recipients delivered that asked for a success report (NOTIFY=SUCCESS). */
    SUCCESS;

    private final String wire = name().toLowerCase(Locale.ROOT);

    /** The lower-case form carried in the header. */
    public String wire() {
        return wire;
    }

    /** True for the dispositions whose copies ask the bounce stage for a report. */
    public boolean isReport() {
        return this == BOUNCE || this == DELAY || this == SUCCESS;
    }

    /**
     * Reads the header value (any case, as a wire form or a name).
     * @throws IllegalArgumentException naming the value, when it is none of these
     */
    public static Disposition fromWire(String value) {
        if (value != null) {
            for (Disposition d : values()) {
                if (d.wire.equalsIgnoreCase(value.strip())) {
                    return d;
                }
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not a disposition (" + java.util.Arrays.toString(values()) + ")");
    }

    @Override
    public String toString() {
        return wire;
    }
}
