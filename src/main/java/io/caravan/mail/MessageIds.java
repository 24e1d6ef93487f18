// The header facts tracking records about a message: its Message-ID and (when configured) its Subject.
package io.caravan.mail;

import java.util.Optional;

/**
 * Read once at end of data from the received header section (the first field of each name), trimmed
 * and bounded, so that a client cannot make a tracking line as long as a message.
 */
public final class MessageIds {

    /** Longer values are cut: RFC 5322 lines are at most 998 characters, real Message-IDs under 100. */
    public static final int MAX_LENGTH = 250;

    private MessageIds() {
    }

    /** The first Message-ID field's value without its angle brackets; empty when there is none. */
    public static String messageId(RawMessage message) {
        return first(message, "Message-ID").map(v -> {
            String id = v.strip();
            int open = id.indexOf('<');
            int close = id.indexOf('>', open + 1);
            if (open >= 0 && close > open) {
                id = id.substring(open + 1, close);
            }
            return bounded(id.strip());
        }).orElse("");
    }

    /** The first Subject field's value as it is in the header (encoded words are left encoded); empty when none. */
    public static String subject(RawMessage message) {
        return first(message, "Subject").map(v -> bounded(v.strip())).orElse("");
    }

    private static Optional<String> first(RawMessage message, String name) {
        for (HeaderField f : MessageParts.parse(message).fields()) {
            if (f.is(name)) {
                return Optional.of(f.unfoldedValue());
            }
        }
        return Optional.empty();
    }

    private static String bounded(String value) {
        return value.length() <= MAX_LENGTH ? value : value.substring(0, MAX_LENGTH);
    }
}
