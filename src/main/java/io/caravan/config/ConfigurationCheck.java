// What each configuration group implements so that start-up can report every wrong key at once.
package io.caravan.config;

import java.util.List;

/**
 * One per package that owns configuration (receive, routing, delivery, signing, check, dns, ...): it
 * validates its own keys, so this package depends on none of them. {@link StartupCheck} collects them all.
 */
public interface ConfigurationCheck {

    /** Each problem as "key: what is wrong"; empty when the group is valid. */
    List<String> configurationErrors();

    /**
     * Runs a validation that reports by throwing, adding its message (prefixed by the key, when
     * given) to errors. CDI wraps what a bean's constructor threw, so the cause is unwrapped.
     */
    static void attempt(List<String> errors, String key, Runnable validation) {
        try {
            validation.run();
        } catch (RuntimeException e) {
            Throwable t = e;
            while (!(t instanceof IllegalArgumentException) && t.getCause() != null && t.getCause() != t) {
                t = t.getCause();
            }
            errors.add(key.isEmpty() ? t.getMessage() : key + ": " + t.getMessage());
        }
    }
}
