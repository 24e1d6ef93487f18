// TrackingJson: one event, one line of JSON, its fields in a fixed order, nothing from outside able to break the line.
package io.caravan.tracking;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrackingJsonTest {

    private static final Instant T = Instant.parse("2026-12-04T23:01:02.345Z");

    @Test
    void theCommonColumnsComeFirstThenTheDetailsInTheirOrder() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("host", "mx1.example.org[192.0.2.1]:25");
        details.put("reply", "250 2.0.0 Ok");
        TrackingEvent e = new TrackingEvent(T, TrackingEvent.Type.DELIVERED, "MX1", "abc@example.com", "alice@example.com",
                List.of("bob@example.org", "carol@example.org"), "192.0.2.9", details);
        assertEquals("{\"time\":\"2026-12-04T23:01:02.345Z\",\"event\":\"DELIVERED\",\"queueId\":\"MX1\",\"messageId\":\"abc@example.com\","
                + "\"sender\":\"alice@example.com\",\"recipients\":[\"bob@example.org\",\"carol@example.org\"],\"clientIp\":\"192.0.2.9\","
                + "\"host\":\"mx1.example.org[192.0.2.1]:25\",\"reply\":\"250 2.0.0 Ok\"}", TrackingJson.line(e));
    }

    @Test
    void emptyValuesAreLeftOut() {
        TrackingEvent e = new TrackingEvent(T, TrackingEvent.Type.REFUSED, "", "", "", List.of(), "192.0.2.9",
                Map.of("phase", "connect"));
        assertEquals("{\"time\":\"2026-12-04T23:01:02.345Z\",\"event\":\"REFUSED\",\"clientIp\":\"192.0.2.9\",\"phase\":\"connect\"}",
                TrackingJson.line(e));
    }

    @Test
    void theTimeHasMillisecondsEvenWhenTheyAreZero() {
        TrackingEvent e = new TrackingEvent(Instant.parse("2026-12-04T23:00:00Z"), TrackingEvent.Type.ROUTED, "MX1", "", "", List.of(), "",
                Map.of());
        assertTrue(TrackingJson.line(e).startsWith("{\"time\":\"2026-12-04T23:00:00.000Z\""), TrackingJson.line(e));
    }

    @Test
    void controlCharactersFromOutsideCannotEndOrHideInTheLine() {
        String reason = "spf \"explanation\"\r\n{\"event\":\"DELIVERED\"}\u0000\u007f\u0085\u2028\u2029 end";
        TrackingEvent e = new TrackingEvent(T, TrackingEvent.Type.INSPECTED, "MX1", "", "", List.of(), "", Map.of("reason", reason));
        String line = TrackingJson.line(e);
        for (char c : line.toCharArray()) {
            assertFalse(c < 0x20 || (c >= 0x7f && c < 0xa0) || c == '\u2028' || c == '\u2029', "raw control " + (int) c + " in " + line);
        }
        assertEquals(reason, new JsonObject(line).getString("reason"), "JSON gives the value back exactly");
    }

    @Test
    void anInternationalisedAddressStaysReadable() {
        TrackingEvent e = new TrackingEvent(T, TrackingEvent.Type.FAILED, "MX1", "", "j\u00f6rg@b\u00fccher.example", List.of(), "", Map.of());
        assertTrue(TrackingJson.line(e).contains("\"sender\":\"j\u00f6rg@b\u00fccher.example\""), TrackingJson.line(e));
    }
}
