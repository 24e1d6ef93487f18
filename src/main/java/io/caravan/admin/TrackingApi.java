// REST view of the message tracking search under /api/tracking: Get-MessageTrackingLog and one message's timeline.
package io.caravan.admin;

import io.caravan.tracking.TrackingEvent;
import io.caravan.tracking.TrackingQuery;
import io.caravan.tracking.TrackingRecorder;
import io.caravan.tracking.TrackingStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Exchange's {@code Get-MessageTrackingLog}, Postfix's {@code grep queue-id /var/log/maillog}:
 * <pre>
 * GET /api/tracking?recipient=&amp;sender=&amp;messageId=&amp;queueId=&amp;event=&amp;clientIp=&amp;start=&amp;end=&amp;limit=
 *     {"events": [...newest first...], "limit": 100, "more": false}
 * GET /api/tracking/messages/{queueId}
 *     {"queueId": ..., "events": [...oldest first...], "related": [the DSN it caused, the message a DSN reports on]}
 * </pre>
 * An event reads like its line in the JSON tracking log: time, event, queueId, messageId, sender, recipients,
 * clientIp, then its details. Bad parameters get 400 with {@code {"error": ...}}, an unknown queue id 404, a store
 * that is not open 503.
 */
@Singleton
public class TrackingApi {

    private static final Logger LOG = Logger.getLogger(TrackingApi.class);

    private final TrackingRecorder recorder;

    public TrackingApi(TrackingRecorder recorder) {
        this.recorder = recorder;
    }

    void register(@Observes Router router) {
        router.get("/api/tracking").blockingHandler(rc -> answer(rc, () -> {
            Map<String, List<String>> parameters = new LinkedHashMap<>();
            rc.queryParams().names().forEach(name -> parameters.put(name, rc.queryParams().getAll(name)));
            TrackingQuery query = TrackingQuery.parse(parameters, Instant.now());
            TrackingStore.Page page = recorder.store().search(query);
            return Optional.of(new JsonObject().put("events", toJson(page.events())).put("limit", query.limit()).put("more", page.more()));
        }), false);
        router.get("/api/tracking/messages/:queueId").blockingHandler(rc -> answer(rc, () -> {
            String queueId = TrackingQuery.checkQueueId(rc.pathParam("queueId"));
            return recorder.store().timeline(queueId).map(t -> new JsonObject().put("queueId", t.queueId())
                    .put("events", toJson(t.events())).put("related", new JsonArray(t.related())));
        }), false);
    }

    /** One event as in the JSON tracking log: the common fields, then the details. */
    public static JsonObject toJson(TrackingEvent e) {
        JsonObject json = new JsonObject().put("time", e.time().toString()).put("event", e.event().name()).put("queueId", e.queueId())
                .put("messageId", e.messageId()).put("sender", e.sender()).put("recipients", new JsonArray(e.recipients()))
                .put("clientIp", e.clientIp());
        e.details().forEach((k, v) -> {
            if (!json.containsKey(k)) {
                json.put(k, v);
            }
        });
        return json;
    }

    private static JsonArray toJson(List<TrackingEvent> events) {
        JsonArray array = new JsonArray();
        events.forEach(e -> array.add(toJson(e)));
        return array;
    }

    private interface Search {
        Optional<JsonObject> run() throws SQLException;
    }

    /** 200 with the answer, 400 for bad input, 404 for an unknown message, 503 while the store is not open. */
    private static void answer(RoutingContext rc, Search search) {
        try {
            Optional<JsonObject> found = search.run();
            if (found.isEmpty()) {
                error(rc, 404, "no tracking events for queue id " + rc.pathParam("queueId"));
            } else {
                rc.response().putHeader("Content-Type", "application/json").end(found.get().encodePrettily() + "\n");
            }
        } catch (IllegalArgumentException e) {
            error(rc, 400, e.getMessage());
        } catch (IllegalStateException e) {
            error(rc, 503, e.getMessage());
        } catch (SQLException | RuntimeException e) {
            LOG.errorf(e, "%s %s failed", rc.request().method(), rc.request().path());
            error(rc, 503, "the tracking search failed: " + e.getMessage());
        }
    }

    private static void error(RoutingContext rc, int status, String message) {
        rc.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("error", message).encodePrettily() + "\n");
    }
}
