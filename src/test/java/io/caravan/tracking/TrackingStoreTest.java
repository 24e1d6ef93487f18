// The tracking store: what goes in comes out, every filter, newest first, limits, timelines, pruning and reopening.
package io.caravan.tracking;

import io.caravan.tracking.TrackingEvent.Type;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrackingStoreTest {

    static final Instant T0 = Instant.parse("2026-12-04T10:00:00.123456789Z");

    @TempDir
    Path dir;
    TrackingStore store;

    @BeforeEach
    void open() {
        store = TrackingStore.open(dir);
    }

    @AfterEach
    void close() {
        store.close();
    }

    static TrackingEvent event(int second, Type type, String queueId, String sender, List<String> rcpts, Map<String, String> details) {
        return new TrackingEvent(T0.plusSeconds(second), type, queueId, "msg-" + queueId + "@example.com", sender, rcpts, "192.0.2.7", details);
    }

    /** Two messages from alice, one from carol; Q1 is delivered, Q2 deferred then failed with a DSN (Q3) back to alice. */
    void mail() throws Exception {
        store.insert(List.of(
                event(0, Type.RECEIVED, "Q1", "alice@example.com", List.of("Bob@Example.org", "dave@example.org"), Map.of("connector", "default", "size", "1234")),
                event(1, Type.ROUTED, "Q1", "alice@example.com", List.of("Bob@Example.org", "dave@example.org"), Map.of("nextHop", "example.org")),
                event(2, Type.DELIVERED, "Q1", "alice@example.com", List.of("Bob@Example.org", "dave@example.org"),
                        Map.of("host", "mx.example.org[192.0.2.25]:25", "reply", "250 2.0.0 Ok: queued as 4XyZ"))));
        store.insert(List.of(
                event(10, Type.RECEIVED, "Q2", "Alice@Example.COM", List.of("erin@remote.test"), Map.of()),
                event(11, Type.DEFERRED, "Q2", "Alice@Example.COM", List.of("erin@remote.test"), Map.of("reply", "451 4.3.0 Try later")),
                event(20, Type.FAILED, "Q2", "Alice@Example.COM", List.of("erin@remote.test"), Map.of("reply", "550 5.1.1 No such user")),
                event(21, Type.DSN_SENT, "Q2", "Alice@Example.COM", List.of("erin@remote.test"), Map.of("dsnId", "Q3", "action", "failed")),
                event(22, Type.RECEIVED, "Q3", "", List.of("Alice@Example.COM"), Map.of("reportsOn", "Q2")),
                event(23, Type.DELIVERED, "Q3", "", List.of("Alice@Example.COM"), Map.of("reply", "250 ok")),
                new TrackingEvent(T0.plusSeconds(30), Type.REFUSED, "", "", "carol@spam.test", List.of("bob@example.org"), "203.0.113.9",
                        Map.of("phase", "rcpt", "reply", "550 5.7.1 Relay access denied"))));
    }

    private List<String> found(TrackingQuery q) throws Exception {
        return store.search(q).events().stream().map(e -> e.queueId() + ":" + e.event()).toList();
    }

    private static TrackingQuery where(String... nameValue) {
        java.util.Map<String, List<String>> p = new java.util.LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            p.put(nameValue[i], List.of(nameValue[i + 1]));
        }
        return TrackingQuery.parse(p, T0.plusSeconds(3600));
    }

    @Test
    void anEventComesBackAsItWentIn() throws Exception {
        TrackingEvent in = new TrackingEvent(T0, Type.DELIVERED, "MIF3K2A1B2C3", "abc@example.com", "alice@example.com",
                List.of("bob@example.org", "Carol@Example.org"), "2001:db8::1",
                Map.of("host", "mx[192.0.2.1]:25", "reply", "250 2.0.0 \"Ok\"\n", "tlsOut", "TLSv1.3 TLS_AES_256_GCM_SHA384"));
        store.insert(List.of(in));
        assertEquals(List.of(in), store.search(TrackingQuery.all(10)).events());
        assertEquals(T0, store.search(TrackingQuery.all(10)).events().get(0).time(), "to the nanosecond");
    }

    @Test
    void keepsTheOrderOfTheDetails() throws Exception {
        java.util.LinkedHashMap<String, String> details = new java.util.LinkedHashMap<>();
        for (String k : new String[] {"zeta", "alpha", "mid"}) {
            details.put(k, k);
        }
        store.insert(List.of(new TrackingEvent(T0, Type.ROUTED, "Q", "", "", List.of(), "", details)));
        assertEquals(List.of("zeta", "alpha", "mid"), List.copyOf(store.search(TrackingQuery.all(1)).events().get(0).details().keySet()));
    }

    @Test
    void returnsNewestFirst() throws Exception {
        mail();
        assertEquals(List.of("Q1:DELIVERED", "Q1:ROUTED", "Q1:RECEIVED"), found(where("queueId", "Q1")));
    }

    @Test
    void findsByRecipientRegardlessOfCase() throws Exception {
        mail();
        assertEquals(List.of(":REFUSED", "Q1:DELIVERED", "Q1:ROUTED", "Q1:RECEIVED"), found(where("recipient", "BOB@example.ORG")));
        assertEquals(List.of("Q1:DELIVERED", "Q1:ROUTED", "Q1:RECEIVED"), found(where("recipient", "dave@example.org")));
        assertEquals(List.of(), found(where("recipient", "bob@example")), "whole addresses only");
    }

    @Test
    void findsBySenderRegardlessOfCase() throws Exception {
        mail();
        List<String> alice = found(where("sender", "alice@EXAMPLE.com"));
        assertEquals(7, alice.size(), alice.toString());
        assertTrue(alice.stream().allMatch(s -> s.startsWith("Q1") || s.startsWith("Q2")), alice.toString());
    }

    @Test
    void findsByMessageIdQueueIdEventAndClientAddress() throws Exception {
        mail();
        assertEquals(List.of("Q2:DSN_SENT", "Q2:FAILED", "Q2:DEFERRED", "Q2:RECEIVED"), found(where("messageId", "<msg-Q2@example.com>")));
        assertEquals(List.of("Q3:DELIVERED", "Q3:RECEIVED"), found(where("queueId", "Q3")));
        assertEquals(List.of("Q3:DELIVERED", "Q1:DELIVERED"), found(where("event", "DELIVERED")));
        assertEquals(List.of(":REFUSED", "Q2:FAILED"), found(where("event", "failed,refused")));
        assertEquals(List.of(":REFUSED"), found(where("clientIp", "203.0.113.9")));
    }

    @Test
    void findsWithinATimeRangeStartInclusiveEndExclusive() throws Exception {
        mail();
        assertEquals(List.of("Q2:FAILED", "Q2:DEFERRED", "Q2:RECEIVED"),
                found(where("start", T0.plusSeconds(10).toString(), "end", T0.plusSeconds(21).toString())));
        assertEquals(List.of("Q1:ROUTED"), found(where("recipient", "bob@example.org", "start", T0.plusSeconds(1).toString(),
                "end", T0.plusSeconds(2).toString())), "the recipient's own time column");
    }

    @Test
    void combinesFiltersWithAnd() throws Exception {
        mail();
        assertEquals(List.of("Q1:DELIVERED"), found(where("recipient", "bob@example.org", "sender", "alice@example.com", "event", "DELIVERED")));
        assertEquals(List.of(), found(where("recipient", "bob@example.org", "queueId", "Q2")));
    }

    @Test
    void stopsAtTheLimitAndSaysThereIsMore() throws Exception {
        mail();
        TrackingStore.Page page = store.search(where("sender", "alice@example.com", "limit", "3"));
        assertEquals(List.of(Type.DSN_SENT, Type.FAILED, Type.DEFERRED), page.events().stream().map(TrackingEvent::event).toList());
        assertTrue(page.more());
        TrackingStore.Page exact = store.search(where("queueId", "Q1", "limit", "3"));
        assertEquals(3, exact.events().size());
        assertFalse(exact.more(), "exactly the limit: nothing more");
    }

    @Test
    void aTimelineShowsTheMessageOldestFirstWithTheDsnItCaused() throws Exception {
        mail();
        TrackingStore.Timeline t = store.timeline("Q2").orElseThrow();
        assertEquals(List.of("Q3"), t.related());
        assertEquals(List.of("Q2:RECEIVED", "Q2:DEFERRED", "Q2:FAILED", "Q2:DSN_SENT", "Q3:RECEIVED", "Q3:DELIVERED"),
                t.events().stream().map(e -> e.queueId() + ":" + e.event()).toList());
    }

    @Test
    void aDsnsTimelineShowsTheMessageItReportsOn() throws Exception {
        mail();
        TrackingStore.Timeline t = store.timeline("Q3").orElseThrow();
        assertEquals(List.of("Q2"), t.related());
        assertEquals(6, t.events().size());
    }

    @Test
    void aDsnIsFoundFromItsReportsOnEvenWithoutTheDsnSentEvent() throws Exception {
        store.insert(List.of(event(0, Type.RECEIVED, "Q8", "a@example.com", List.of("b@example.org"), Map.of()),
                event(5, Type.RECEIVED, "Q9", "", List.of("a@example.com"), Map.of("reportsOn", "Q8"))));
        assertEquals(List.of("Q9"), store.timeline("Q8").orElseThrow().related());
    }

    @Test
    void anUnknownMessageHasNoTimeline() throws Exception {
        mail();
        assertEquals(Optional.empty(), store.timeline("NOSUCHID"));
    }

    @Test
    void prunesEventsOlderThanTheCutoffWithTheirRecipients() throws Exception {
        mail();
        assertEquals(6, store.prune(T0.plusSeconds(21)));
        assertEquals(List.of(":REFUSED", "Q3:DELIVERED", "Q3:RECEIVED", "Q2:DSN_SENT"), found(TrackingQuery.all(100)));
        assertEquals(List.of(":REFUSED"), found(where("recipient", "bob@example.org")));
        assertEquals(0, store.prune(T0.plusSeconds(21)));
    }

    @Test
    void prunesInChunksWhenThereIsMuchToDelete() throws Exception {
        List<TrackingEvent> many = new ArrayList<>();
        store.pruneChunk = 1000;
        for (int i = 0; i < 2_500; i++) {
            many.add(event(i, Type.DELIVERED, "Q" + i, "a@example.com", List.of("b@example.org"), Map.of()));
        }
        store.insert(many);
        assertEquals(2_490, store.prune(T0.plusSeconds(2_490)));
        assertEquals(10, store.search(TrackingQuery.all(100)).events().size());
    }

    /**
     * Young collections copy the cache's pages between survivor spaces; a 32 MB cache made every pause 20–28 ms.
     * H2's cache overshoots its limit a little (6 MB of 4 measured here), so twice the limit is allowed.
     */
    @Test
    void keepsOnlyAFewMegabytesOfPagesOnTheHeap() throws Exception {
        Random random = new Random(15);
        for (int batch = 0; batch < 20; batch++) {
            List<TrackingEvent> events = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                String id = "Q" + batch + "-" + i;
                events.add(event(batch * 1_000 + i, Type.DELIVERED, id, "s" + random.nextInt(2_000) + "@example.com",
                        List.of("r" + random.nextInt(10_000) + "@example.org"), Map.of("reply", "250 2.0.0 Ok: queued as " + id)));
            }
            store.insert(events);
        }
        store.close();
        store = TrackingStore.open(dir); // the pages are on disk now: what searches read from the file goes through the cache
        for (int r = 0; r < 10_000; r += 7) {
            store.search(where("recipient", "r" + r + "@example.org"));
        }
        int used = store.cacheMegabytesUsed();
        assertTrue(used <= 8, used + " MB of pages cached");
    }

    @Test
    void reopensWithEverythingAfterAClose() throws Exception {
        mail();
        store.close();
        store = TrackingStore.open(dir);
        assertEquals(10, store.search(TrackingQuery.all(100)).events().size());
        store.insert(List.of(event(40, Type.DELIVERED, "Q4", "x@example.com", List.of("bob@example.org"), Map.of())));
        assertEquals(List.of("Q4:DELIVERED", ":REFUSED"), found(where("recipient", "bob@example.org", "limit", "2")),
                "new ids follow the old ones");
    }

    @Test
    void skipsAnEventWithoutTimeOrTypeAndKeepsTheRestOfTheBatch() throws Exception {
        store.insert(List.of(new TrackingEvent(null, Type.RECEIVED, "QX", "", "", List.of(), "", Map.of()),
                event(1, Type.RECEIVED, "QY", "", List.of(), Map.of())));
        assertEquals(List.of("QY:RECEIVED"), found(TrackingQuery.all(10)));
    }

    @Test
    void searchesMatchNothingWhenEmpty() throws Exception {
        assertEquals(new TrackingStore.Page(List.of(), false), store.search(where("recipient", "bob@example.org")));
        assertEquals(Set.of(), Set.copyOf(found(TrackingQuery.all(1))));
    }
}
