// rspamd could not give a usable answer: down, too slow, or an answer that is not one.
package io.caravan.filter.content;

/** The message says what went wrong in words an administrator can act on; it goes to the tracking log. */
final class RspamdFailure extends Exception {

    RspamdFailure(String message) {
        super(message);
    }

    RspamdFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
