// REST view of the quarantine under /api/quarantine: list, show headers, release, delete.
package io.caravan.admin;

import io.caravan.filter.quarantine.QuarantineStore;
import io.caravan.filter.quarantine.QuarantinedMessage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Exchange's quarantine commands (Get-QuarantineMessage, Release-QuarantineMessage, Delete-QuarantineMessage):
 * <pre>
 * GET    /api/quarantine                  every held message: reason, agent, score, sender, recipients, subject, age
 * GET    /api/quarantine/{queueId}        one entry, with its header section
 * POST   /api/quarantine/{queueId}/release   delivered to the original recipients (tracked as RELEASED)
 * DELETE /api/quarantine/{queueId}        deleted unreleased
 * </pre>
 */
@Singleton
public class QuarantineApi {

    private static final Logger LOG = Logger.getLogger(QuarantineApi.class);

    private final QuarantineStore store;

    public QuarantineApi(QuarantineStore store) {
        this.store = store;
    }

    void register(@Observes Router router) {
        router.get("/api/quarantine").blockingHandler(rc -> json(rc, () -> {
            Instant now = Instant.now();
            JsonArray list = new JsonArray();
            store.list().forEach(m -> list.add(m.summary(now)));
            return Optional.of(new JsonObject().put("messages", list));
        }));
        router.get("/api/quarantine/:queueId").blockingHandler(rc -> json(rc, () -> {
            String id = rc.pathParam("queueId");
            Optional<QuarantinedMessage> m = store.find(id);
            return m.map(entry -> entry.summary(Instant.now()).put("headers", store.headers(id).orElse("")));
        }));
        router.post("/api/quarantine/:queueId/release").blockingHandler(rc -> json(rc, () ->
                store.release(rc.pathParam("queueId"), AdminAccess.actor(rc)) ? Optional.of(new JsonObject().put("released", rc.pathParam("queueId")))
                        : Optional.empty()));
        router.delete("/api/quarantine/:queueId").blockingHandler(rc -> json(rc, () ->
                store.delete(rc.pathParam("queueId"), AdminAccess.actor(rc)) ? Optional.of(new JsonObject().put("deleted", rc.pathParam("queueId")))
                        : Optional.empty()));
    }

    /** 200 with the answer, 404 when there is no such entry, 500 naming the failure. */
    private static void json(RoutingContext rc, Supplier<Optional<JsonObject>> action) {
        try {
            Optional<JsonObject> answer = action.get();
            if (answer.isEmpty()) {
                rc.response().setStatusCode(404).putHeader("Content-Type", "application/json")
                        .end(new JsonObject().put("error", "no quarantined message " + rc.pathParam("queueId")).encodePrettily() + "\n");
                return;
            }
            rc.response().putHeader("Content-Type", "application/json").end(answer.get().encodePrettily() + "\n");
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s %s failed", rc.request().method(), rc.request().path());
            rc.response().setStatusCode(500).putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("error", String.valueOf(e.getMessage())).encodePrettily() + "\n");
        }
    }
}
