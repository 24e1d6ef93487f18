// Marks a message as quarantined by prepending a header field (until a quarantine store exists).
package io.caravan.check;

import org.apache.camel.Exchange;

import java.nio.charset.StandardCharsets;

public final class Quarantine {

    /** Prepended to quarantined mail; filters downstream (or the anti-spam stage, later) act on it. */
    public static final String FIELD = "X-Caravan-Quarantine";

    private Quarantine() {
    }

    public static void mark(Exchange exchange, String why) {
        byte[] body = exchange.getIn().getBody(byte[].class);
        byte[] field = (FIELD + ": " + why.replaceAll("[\\r\\n]+", " ") + "\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[field.length + body.length];
        System.arraycopy(field, 0, out, 0, field.length);
        System.arraycopy(body, 0, out, field.length, body.length);
        exchange.getIn().setBody(out);
    }
}
