// REST view of the message tracking search under /api/tracking: Get-MessageTrackingLog and one message's timeline.
package io.caravan.admin;

import io.caravan.tracking.TrackingEvent;
import io.caravan.tracking.TrackingJson;
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
 * With peers configured (caravan.peers, {@link TrackingPeers}) both also ask every other instance and merge what they
 * answer ({@link TrackingMerge}); the answer then has {@code "peers": {"answered": [...], "unanswered": [{"peer", "error"}]}}
 * and {@code "partial": true} when an instance did not answer. A peer that is down never fails the search.
 * An event reads exactly like its line in the JSON tracking log ({@link TrackingJson}): time, event, queueId,
 * messageId, sender, recipients, clientIp, then its details; empty values left out. Bad parameters get 400 with {@code {"error": ...}}, an unknown queue id 404, a store
 * that is not open 503.
 */
@Singleton
public class TrackingApi {

    private static final Logger LOG = Logger.getLogger(TrackingApi.class);

    private final TrackingRecorder recorder;
    private final TrackingPeers peers;

    public TrackingApi(TrackingRecorder recorder, TrackingPeers peers) {
        this.recorder = recorder;
        this.peers = peers;
    }

    void register(@Observes Router router) {
        router.get("/api/tracking").blockingHandler(rc -> answer(rc, () -> {
            Map<String, List<String>> parameters = new LinkedHashMap<>();
            rc.queryParams().names().forEach(name -> parameters.put(name, rc.queryParams().getAll(name)));
            TrackingQuery query = TrackingQuery.parse(parameters, Instant.now());
            TrackingStore.Page page = recorder.store().search(query);
            JsonObject local = new JsonObject().put("events", toJson(page.events())).put("limit", query.limit()).put("more", page.more());
            return Optional.of(fannedOut(rc) ? TrackingMerge.search(local, query.limit(), askPeers(rc)) : local);
        }), false);
        router.get("/api/tracking/messages/:queueId").blockingHandler(rc -> answer(rc, () -> {
            String queueId = TrackingQuery.checkQueueId(rc.pathParam("queueId"));
            Optional<JsonObject> local = recorder.store().timeline(queueId).map(t -> new JsonObject().put("queueId", t.queueId())
                    .put("events", toJson(t.events())).put("related", new JsonArray(t.related())));
            return fannedOut(rc) ? TrackingMerge.timeline(queueId, local, askPeers(rc)) : local;
        }), false);
    }

    /** Whether this search also asks the peers: they are configured, and it is not itself a peer's question. */
    private boolean fannedOut(RoutingContext rc) {
        String from = rc.request().getHeader(TrackingPeers.PEER_QUERY);
        if (from != null && peers.isSelf(from)) {
            throw new AskedItself();
        }
        return from == null && peers.configured();
    }

    private List<TrackingPeers.Answer> askPeers(RoutingContext rc) {
        String query = rc.request().query();
        return peers.ask(rc.request().path() + (query == null || query.isEmpty() ? "" : "?" + query), rc.request().getHeader("Authorization"));
    }

    /** This instance found its own id in a peer question: it is one of its own peers. */
    private static final class AskedItself extends RuntimeException {
        AskedItself() {
            super(null, null, false, false);
        }
    }

    /** One event exactly as its line in the JSON tracking log (an empty value is left out). */
    public static JsonObject toJson(TrackingEvent e) {
        return new JsonObject(TrackingJson.line(e));
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
            } else if (found.get().containsKey("error")) { // not found anywhere that answered: says which instances did not
                rc.response().setStatusCode(404).putHeader("Content-Type", "application/json").end(found.get().encodePrettily() + "\n");
            } else {
                rc.response().putHeader("Content-Type", "application/json").end(found.get().encodePrettily() + "\n");
            }
        } catch (AskedItself e) {
            rc.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("self", true).encode());
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
