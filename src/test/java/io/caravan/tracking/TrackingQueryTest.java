// The tracking search's parameters: what each means, and a clear refusal for every kind of bad input.
package io.caravan.tracking;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrackingQueryTest {

    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

    private static TrackingQuery parse(String... nameValue) {
        Map<String, List<String>> p = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            p.computeIfAbsent(nameValue[i], k -> new java.util.ArrayList<>()).add(nameValue[i + 1]);
        }
        return TrackingQuery.parse(p, NOW);
    }

    private static String refusal(String... nameValue) {
        return assertThrows(IllegalArgumentException.class, () -> parse(nameValue)).getMessage();
    }

    @Test
    void noParametersMeansEverythingNewestFirstUpToOneHundred() {
        TrackingQuery q = parse();
        assertEquals(TrackingQuery.all(100), q);
    }

    @Test
    void readsEveryFilter() {
        TrackingQuery q = parse("queueId", "MIF3K2A1B2C3", "messageId", "<abc@example.com>", "sender", "Alice@Example.com",
                "recipient", "<bob@example.org>", "event", "delivered,DEFERRED", "clientIp", "192.0.2.1",
                "start", "2026-12-01T00:00:00Z", "end", "2026-12-02T00:00:00+01:00", "limit", "7");
        assertEquals(Optional.of("MIF3K2A1B2C3"), q.queueId());
        assertEquals(Optional.of("abc@example.com"), q.messageId(), "angle brackets are dropped");
        assertEquals(Optional.of("Alice@Example.com"), q.sender());
        assertEquals(Optional.of("bob@example.org"), q.recipient());
        assertEquals(Set.of(TrackingEvent.Type.DELIVERED, TrackingEvent.Type.DEFERRED), q.events());
        assertEquals(Optional.of("192.0.2.1"), q.clientIp());
        assertEquals(Optional.of(Instant.parse("2026-12-01T00:00:00Z")), q.start());
        assertEquals(Optional.of(Instant.parse("2026-12-01T23:00:00Z")), q.end());
        assertEquals(7, q.limit());
    }

    @Test
    void aDateStartsAtMidnightUtcAndAsAnEndIncludesItsWholeDay() {
        TrackingQuery q = parse("start", "2026-12-01", "end", "2026-12-01");
        assertEquals(Optional.of(Instant.parse("2026-12-01T00:00:00Z")), q.start());
        assertEquals(Optional.of(Instant.parse("2026-12-02T00:00:00Z")), q.end());
    }

    @Test
    void emptyParametersAreIgnored() {
        assertEquals(TrackingQuery.all(100), parse("sender", "", "recipient", "  "));
    }

    @Test
    void refusesAMalformedInstant() {
        assertTrue(refusal("start", "yesterday").contains("start must be an ISO-8601 instant"));
        assertTrue(refusal("end", "2026-13-45T99:00:00Z").contains("end must be an ISO-8601 instant"));
        assertTrue(refusal("end", "2026-02-30").contains("end must be"));
    }

    @Test
    void refusesAnEndBeforeOrAtTheStart() {
        assertTrue(refusal("start", "2026-12-02T00:00:00Z", "end", "2026-12-01T00:00:00Z").contains("must be after start"));
        assertTrue(refusal("start", "2026-12-02T00:00:00Z", "end", "2026-12-02T00:00:00Z").contains("must be after start"));
    }

    @Test
    void refusesARangeLongerThan400Days() {
        assertTrue(refusal("start", "2024-01-01", "end", "2026-01-01").contains("longer than 400 days"));
        assertTrue(refusal("start", "2024-01-01").contains("longer than 400 days"), "an open end is now");
        parse("start", "2025-11-01", "end", "2026-12-01");
    }

    @Test
    void refusesALimitOutOfRange() {
        for (String limit : new String[] {"0", "-1", "1001", "ten", "99999999999"}) {
            assertTrue(refusal("limit", limit).contains("limit must be a number from 1 to 1000"), limit);
        }
        assertEquals(1000, parse("limit", "1000").limit());
    }

    @Test
    void refusesAnUnknownEventNamingTheKnownOnes() {
        String error = refusal("event", "DELIVERED,BOUNCED");
        assertTrue(error.contains("unknown event \"BOUNCED\"") && error.contains("DSN_SENT"), error);
    }

    @Test
    void refusesOverLongParameters() {
        assertTrue(refusal("recipient", "a".repeat(600) + "@example.com").contains("recipient is longer than 512 characters"));
    }

    @Test
    void refusesUnknownAndRepeatedParameters() {
        assertTrue(refusal("recipients", "bob@example.org").contains("unknown parameter \"recipients\""));
        assertTrue(refusal("sender", "a@example.com", "sender", "b@example.com").contains("give sender once"));
    }

    @Test
    void refusesAMalformedQueueIdOrClientAddress() {
        assertTrue(refusal("queueId", "MI F3'--").contains("a queue id is"));
        assertTrue(refusal("clientIp", "mx.example.com").contains("clientIp must be an IPv4 or IPv6 address"));
    }

    @Test
    void echoesBadInputOnlyShortAndPrintable() {
        String error = refusal("start", "\u001b[31m" + "x".repeat(100));
        assertTrue(!error.contains("\u001b") && error.length() < 200, error);
    }
}
