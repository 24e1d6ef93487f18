// The one knob every check has: reject, quarantine or ignore (maddy's check actions).
package io.caravan.check;

import java.util.Locale;

public enum CheckAction {
    REJECT, QUARANTINE, IGNORE;

    /** @throws IllegalArgumentException naming the key */
    public static CheckAction parse(String key, String value) {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": '" + value + "' is not one of reject, quarantine, ignore");
        }
    }
}
