// Marks a message as quarantined by prepending a header field (until a quarantine store exists).
package io.caravan.check;

import io.caravan.mail.RawMessage;
import org.apache.camel.Exchange;

import java.nio.charset.StandardCharsets;

public final class Quarantine {

    /** Prepended to quarantined mail; filters downstream (or the anti-spam stage, later) act on it. */
    public static final String FIELD = "X-Caravan-Quarantine";

    private Quarantine() {
    }

    public static void mark(Exchange exchange, String why) {
        byte[] field = (FIELD + ": " + why.replaceAll("[\\r\\n]+", " ") + "\r\n").getBytes(StandardCharsets.UTF_8);
        exchange.getIn().setBody(exchange.getIn().getBody(RawMessage.class).prepend(field));
    }
}
