// What an administrator lets an agent do with a message it would refuse (maddy's check actions, Exchange's agent actions).
package io.caravan.check;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code caravan.checks.<agent>.action}. REJECT lets the agent's own wish stand; the others cap it:
 * QUARANTINE holds what would be refused or deleted, TAG and STRIP deliver it with the agent's header
 * fields and rewrite (STRIP is TAG for the attachment filter, whose rewrite removes the attachment),
 * DELETE accepts and drops what would be refused, IGNORE only records.
 */
public enum CheckAction {
    REJECT, QUARANTINE, TAG, STRIP, DELETE, IGNORE;

    /** The actions every agent accepts unless it says otherwise. */
    public static final Set<CheckAction> COMMON = Set.of(REJECT, QUARANTINE, TAG, IGNORE);

    /** @throws IllegalArgumentException naming the key and the actions this agent accepts */
    public static CheckAction parse(String key, String value, Set<CheckAction> accepted) {
        CheckAction action = null;
        try {
            action = valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            // reported below, with the accepted values
        }
        if (action == null || !accepted.contains(action)) {
            Set<String> names = new TreeSet<>();
            accepted.forEach(a -> names.add(a.wireName()));
            throw new IllegalArgumentException(key + ": '" + value + "' is not one of " + String.join(", ", names));
        }
        return action;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
