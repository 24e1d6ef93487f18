// TrackingMerge: several instances' tracking answers read as one.
package io.caravan.admin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

class TrackingMergeTest {

    private static JsonObject event(String time, String queueId) {
        return new JsonObject().put("time", time).put("event", "RECEIVED").put("queueId", queueId);
    }

    private static JsonObject page(boolean more, JsonObject... events) {
        return new JsonObject().put("events", new JsonArray(List.of((Object[]) events))).put("limit", 3).put("more", more);
    }

    private static TrackingPeers.Answer answered(String peer, int status, JsonObject body) {
        return new TrackingPeers.Answer(peer, status, body, null);
    }

    private static TrackingPeers.Answer silent(String peer) {
        return new TrackingPeers.Answer(peer, 0, null, "no answer within 5000 ms");
    }

    @Test
    void aSearchListsEveryInstancesEventsNewestFirstWithinTheLimit() {
        JsonObject local = page(false, event("2026-12-04T10:00:03.000Z", "A3"), event("2026-12-04T10:00:01.000Z", "A1"));
        JsonObject peer = page(false, event("2026-12-04T10:00:04.000Z", "B4"), event("2026-12-04T10:00:02.000Z", "B2"));
        JsonObject merged = TrackingMerge.search(local, 3, List.of(answered("http://b:8080", 200, peer)));
        assertEquals(List.of("B4", "A3", "B2"), merged.getJsonArray("events").stream().map(e -> ((JsonObject) e).getString("queueId")).toList());
        assertTrue(merged.getBoolean("more"), "A1 was cut off by the limit");
        assertFalse(merged.getBoolean("partial"));
        assertEquals(new JsonArray().add("http://b:8080"), merged.getJsonObject("peers").getJsonArray("answered"));
    }

    @Test
    void aPeerThatHadMoreMakesTheAnswerHaveMore() {
        JsonObject merged = TrackingMerge.search(page(false), 3,
                List.of(answered("http://b:8080", 200, page(true, event("2026-12-04T10:00:04.000Z", "B4")))));
        assertTrue(merged.getBoolean("more"));
    }

    @Test
    void aPeerThatDoesNotAnswerMakesThePagePartialNotAFailure() {
        JsonObject merged = TrackingMerge.search(page(false, event("2026-12-04T10:00:03.000Z", "A3")), 3, List.of(silent("http://c:8080")));
        assertEquals(1, merged.getJsonArray("events").size());
        assertTrue(merged.getBoolean("partial"));
        JsonObject unanswered = merged.getJsonObject("peers").getJsonArray("unanswered").getJsonObject(0);
        assertEquals("http://c:8080", unanswered.getString("peer"));
        assertEquals("no answer within 5000 ms", unanswered.getString("error"));
    }

    @Test
    void aTimelineJoinsTheInstancesThatHandledTheMessageOldestFirst() {
        JsonObject local = new JsonObject().put("queueId", "Q1").put("related", new JsonArray())
                .put("events", new JsonArray().add(event("2026-12-04T10:00:00.000Z", "Q1")));
        JsonObject peer = new JsonObject().put("queueId", "Q1").put("related", new JsonArray().add("Q2"))
                .put("events", new JsonArray().add(event("2026-12-04T10:00:05.000Z", "Q1")).add(event("2026-12-04T10:00:01.000Z", "Q1")));
        JsonObject merged = TrackingMerge.timeline("Q1", Optional.of(local),
                List.of(answered("http://b:8080", 200, peer), answered("http://c:8080", 404, new JsonObject().put("error", "none")))).orElseThrow();
        assertEquals(List.of("2026-12-04T10:00:00.000Z", "2026-12-04T10:00:01.000Z", "2026-12-04T10:00:05.000Z"),
                merged.getJsonArray("events").stream().map(e -> ((JsonObject) e).getString("time")).toList());
        assertEquals(new JsonArray().add("Q2"), merged.getJsonArray("related"));
        assertFalse(merged.containsKey("error"));
    }

    @Test
    void aTimelineNobodyHasIsNotFoundAndNamesTheInstancesThatDidNotAnswer() {
        JsonObject merged = TrackingMerge.timeline("Q9", Optional.empty(), List.of(silent("http://c:8080"))).orElseThrow();
        assertTrue(merged.getString("error").contains("no tracking events for queue id Q9"), merged.encode());
        assertTrue(merged.getString("error").contains("http://c:8080 (no answer within 5000 ms)"), merged.encode());
        assertTrue(merged.getBoolean("partial"));
    }
}
