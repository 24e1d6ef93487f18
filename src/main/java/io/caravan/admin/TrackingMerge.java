// Merges the tracking answers of several instances into one: a search newest first within its limit, a timeline oldest first.
package io.caravan.admin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Events are compared by their {@code time} (ISO-8601 UTC with milliseconds, so text order is time order); a sort
 * is stable, so each instance's own order stays among equal times. Which instances answered and which did not
 * (with why) is part of every merged answer.
 */
final class TrackingMerge {

    /** More events than this in one merged timeline are cut off, oldest kept (as one store does). */
    static final int TIMELINE_MAX = 5000;
    private static final Comparator<Object> BY_TIME = Comparator.comparing(e -> ((JsonObject) e).getString("time", ""));

    private TrackingMerge() {
    }

    /** This instance's page and the peers': the newest {@code limit} events, {@code more} if any instance had more. */
    static JsonObject search(JsonObject local, int limit, List<TrackingPeers.Answer> answers) {
        List<Object> events = new ArrayList<>(local.getJsonArray("events").getList().size());
        local.getJsonArray("events").forEach(events::add);
        boolean more = local.getBoolean("more", false);
        for (TrackingPeers.Answer a : answers) {
            if (a.answered() && a.status() == 200) {
                a.body().getJsonArray("events", new JsonArray()).forEach(events::add);
                more |= a.body().getBoolean("more", false);
            }
        }
        events.sort(BY_TIME.reversed());
        more |= events.size() > limit;
        return withPeers(new JsonObject().put("events", new JsonArray(events.subList(0, Math.min(limit, events.size()))))
                .put("limit", limit).put("more", more), answers);
    }

    /** The message's events from every instance that has some, oldest first, with every related queue id; empty when none has. */
    static Optional<JsonObject> timeline(String queueId, Optional<JsonObject> local, List<TrackingPeers.Answer> answers) {
        List<Object> events = new ArrayList<>();
        Set<Object> related = new LinkedHashSet<>();
        List<JsonObject> found = new ArrayList<>();
        local.ifPresent(found::add);
        for (TrackingPeers.Answer a : answers) {
            if (a.answered() && a.status() == 200) {
                found.add(a.body());
            }
        }
        for (JsonObject f : found) {
            f.getJsonArray("events", new JsonArray()).forEach(events::add);
            f.getJsonArray("related", new JsonArray()).forEach(related::add);
        }
        if (events.isEmpty()) {
            List<String> silent = answers.stream().filter(a -> !a.answered()).map(a -> a.peer() + " (" + a.error() + ")").toList();
            return Optional.of(withPeers(new JsonObject().put("error", "no tracking events for queue id " + queueId
                    + (silent.isEmpty() ? "" : " on the instances that answered; not answering: " + String.join(", ", silent))), answers));
        }
        events.sort(BY_TIME);
        return Optional.of(withPeers(new JsonObject().put("queueId", queueId)
                .put("events", new JsonArray(events.subList(0, Math.min(TIMELINE_MAX, events.size()))))
                .put("related", new JsonArray(new ArrayList<>(related))), answers));
    }

    private static JsonObject withPeers(JsonObject answer, List<TrackingPeers.Answer> answers) {
        JsonArray answered = new JsonArray();
        JsonArray unanswered = new JsonArray();
        for (TrackingPeers.Answer a : answers) {
            if (a.answered()) {
                answered.add(a.peer());
            } else {
                unanswered.add(new JsonObject().put("peer", a.peer()).put("error", a.error()));
            }
        }
        return answer.put("peers", new JsonObject().put("answered", answered).put("unanswered", unanswered))
                .put("partial", !unanswered.isEmpty());
    }
}
