// The administrator's SCL thresholds for one receive connector: what a spam confidence level leads to.
package io.caravan.filter.content;

import java.util.Locale;
import java.util.OptionalInt;

/**
 * Exchange's content filter actions: each threshold is an SCL from 0 to 9 at and above which its
 * action applies, or off. The strongest threshold reached wins, checked in Exchange's order: delete,
 * reject, quarantine, then tag.
 */
record SclThresholds(OptionalInt tag, OptionalInt quarantine, OptionalInt reject, OptionalInt delete) {

    /** What the thresholds ask for, from nothing to drop. */
    enum Band { NONE, TAG, QUARANTINE, REJECT, DELETE }

    Band bandOf(int scl) {
        if (reached(delete, scl)) {
            return Band.DELETE;
        }
        if (reached(reject, scl)) {
            return Band.REJECT;
        }
        if (reached(quarantine, scl)) {
            return Band.QUARANTINE;
        }
        return reached(tag, scl) ? Band.TAG : Band.NONE;
    }

    private static boolean reached(OptionalInt threshold, int scl) {
        return threshold.isPresent() && scl >= threshold.getAsInt();
    }

    /**
     * A threshold as configured: 0 to 9, or "off".
     *
     * @throws IllegalArgumentException naming the key
     */
    static OptionalInt parse(String key, String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.equals("off")) {
            return OptionalInt.empty();
        }
        if (v.length() == 1 && v.charAt(0) >= '0' && v.charAt(0) <= '9') {
            return OptionalInt.of(v.charAt(0) - '0');
        }
        throw new IllegalArgumentException(key + ": '" + value + "' is not an SCL from 0 to 9, nor off");
    }
}
