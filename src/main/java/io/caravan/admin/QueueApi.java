// REST view of the queues under /api: list next hops and messages, retry, suspend, remove, resubmit poison.
package io.caravan.admin;

import io.caravan.queue.QueueViewer;
import io.caravan.queue.QueueViewer.NextHopQueue;
import io.caravan.queue.QueueViewer.QueuedCopy;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.function.Function;

/**
 * The operator's commands, with their Exchange and Postfix names (README "Queues"):
 * <pre>
 * GET    /api/queues                         Get-Queue, mailq (summary per next hop)
 * GET    /api/queues/{nextHop}               Get-Message -Queue
 * POST   /api/queues/retry                   Retry-Queue (all), postqueue -f
 * POST   /api/queues/{nextHop}/retry         Retry-Queue -Identity
 * POST   /api/queues/{nextHop}/suspend       Suspend-Queue        .../resume  Resume-Queue (kept on the broker:
 *                                            every instance sees them, a restart keeps them)
 * DELETE /api/messages/{queueId}?report=yes  Remove-Message -WithNDR $true / $false, postsuper -d
 * GET    /api/poison                         the poison queue      POST /api/poison[/{queueId}]/resubmit
 * DELETE /api/poison/{queueId}               deletes a poison message (Remove-Message on the Poison queue)
 * An unknown queue id gets 404.
 * </pre>
 */
@Singleton
public class QueueApi {

    private static final Logger LOG = Logger.getLogger(QueueApi.class);

    private final QueueViewer viewer;

    public QueueApi(QueueViewer viewer) {
        this.viewer = viewer;
    }

    void register(@Observes Router router) {
        router.get("/api/queues").blockingHandler(rc -> json(rc, () -> new JsonObject()
                .put("queues", new JsonObject(new java.util.LinkedHashMap<>(viewer.counts())))
                .put("nextHops", array(viewer.nextHops(), QueueApi::toJson))
                .put("maxPerNextHop", new JsonObject().put("perInstance", viewer.maxPerNextHop())
                        .put("note", "deliveries to one next hop at once on each instance; with several instances the total is instances x this"))
                .put("suspensions", toJson(viewer.suspensionStatus()))));
        router.post("/api/queues/retry").blockingHandler(rc -> json(rc, () -> {
            viewer.retryNow(null);
            return new JsonObject().put("retried", "all");
        }));
        router.get("/api/queues/:nextHop").blockingHandler(rc -> json(rc, () ->
                new JsonObject().put("messages", array(viewer.copies(rc.pathParam("nextHop")), QueueApi::toJson))));
        router.post("/api/queues/:nextHop/retry").blockingHandler(rc -> json(rc, () -> {
            viewer.retryNow(rc.pathParam("nextHop"));
            return new JsonObject().put("retried", rc.pathParam("nextHop"));
        }));
        router.post("/api/queues/:nextHop/suspend").blockingHandler(rc -> json(rc, () -> {
            viewer.suspend(rc.pathParam("nextHop"), AdminAccess.actor(rc));
            return new JsonObject().put("suspended", rc.pathParam("nextHop"));
        }));
        router.post("/api/queues/:nextHop/resume").blockingHandler(rc -> json(rc, () -> {
            viewer.resume(rc.pathParam("nextHop"));
            return new JsonObject().put("resumed", rc.pathParam("nextHop"));
        }));
        router.delete("/api/messages/:queueId").blockingHandler(rc -> json(rc, () -> {
            boolean report = List.of("yes", "true", "1").contains(String.valueOf(rc.queryParams().get("report")).toLowerCase());
            int n = found(viewer.remove(rc.pathParam("queueId"), report, AdminAccess.actor(rc)), "no queued message "
                    + rc.pathParam("queueId") + " (one out for a delivery attempt at this moment cannot be removed: try again)");
            return new JsonObject().put("removed", n).put("report", report);
        }));
        router.get("/api/poison").blockingHandler(rc -> json(rc, () ->
                new JsonObject().put("messages", array(viewer.poison(), QueueApi::toJson))));
        router.post("/api/poison/resubmit").blockingHandler(rc -> json(rc, () ->
                new JsonObject().put("resubmitted", viewer.resubmitPoison(null, AdminAccess.actor(rc)))));
        router.post("/api/poison/:queueId/resubmit").blockingHandler(rc -> json(rc, () ->
                new JsonObject().put("resubmitted", found(viewer.resubmitPoison(rc.pathParam("queueId"), AdminAccess.actor(rc)),
                        "no poison message " + rc.pathParam("queueId")))));
        router.delete("/api/poison/:queueId").blockingHandler(rc -> json(rc, () ->
                new JsonObject().put("removed", found(viewer.removePoison(rc.pathParam("queueId"), AdminAccess.actor(rc)),
                        "no poison message " + rc.pathParam("queueId")))));
    }

    private static void json(RoutingContext rc, java.util.function.Supplier<JsonObject> action) {
        try {
            rc.response().putHeader("Content-Type", "application/json").end(action.get().encodePrettily() + "\n");
        } catch (java.util.NoSuchElementException e) {
            rc.response().setStatusCode(404).putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("error", e.getMessage()).encodePrettily() + "\n");
        } catch (IllegalArgumentException e) {
            rc.response().setStatusCode(400).putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("error", String.valueOf(e.getMessage())).encodePrettily() + "\n");
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s %s failed", rc.request().method(), rc.request().path());
            rc.response().setStatusCode(503).putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("error", String.valueOf(e.getMessage())).encodePrettily() + "\n");
        }
    }

    /** A count of copies acted on; none means the id is unknown there. */
    private static int found(int n, String otherwise) {
        if (n == 0) {
            throw new java.util.NoSuchElementException(otherwise);
        }
        return n;
    }

    private static <T> JsonArray array(List<T> items, Function<T, JsonObject> toJson) {
        JsonArray a = new JsonArray();
        items.forEach(i -> a.add(toJson.apply(i)));
        return a;
    }

    static JsonObject toJson(NextHopQueue q) {
        return new JsonObject().put("nextHop", q.nextHop()).put("sendConnector", q.sendConnector()).put("messages", q.messages())
                .put("oldestAgeSeconds", q.oldestAgeSeconds()).put("nextRetry", q.nextRetry() == null ? null : q.nextRetry().toString())
                .put("lastError", q.lastError()).put("suspended", q.suspended())
                .put("suspendedBy", q.suspended() ? q.suspension().by() : null)
                .put("suspendedSince", q.suspended() ? q.suspension().since().toString() : null);
    }

    /** Whether the suspensions shown are the broker's current ones, or the last known while the broker cannot be read. */
    static JsonObject toJson(io.caravan.queue.Suspensions.Status s) {
        return new JsonObject().put("current", s.current()).put("readAt", s.readAt() == null ? null : s.readAt().toString())
                .put("error", s.error());
    }

    static JsonObject toJson(QueuedCopy c) {
        return new JsonObject().put("queueId", c.queueId()).put("nextHop", c.nextHop()).put("sendConnector", c.sendConnector())
                .put("from", c.from()).put("recipients", new JsonArray(c.recipients())).put("size", c.size())
                .put("ageSeconds", c.ageSeconds()).put("attempts", c.attempts()).put("lastReply", c.lastReply())
                .put("nextAttempt", c.nextAttempt() == null ? null : c.nextAttempt().toString()).put("poisonReason", c.poisonReason());
    }
}
