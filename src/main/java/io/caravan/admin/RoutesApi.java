// The pipeline as the console draws it, under /api/routes: each YAML route's steps with their exchange counts, and the queue depths.
package io.caravan.admin;

import io.caravan.queue.QueueViewer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.apache.camel.CamelContext;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedPerformanceCounterMBean;
import org.apache.camel.api.management.mbean.ManagedProcessorMBean;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;
import org.apache.camel.util.URISupport;
import org.jboss.logging.Logger;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;

/**
 * What Hawtio's route diagram would show (Hawtio itself does not resolve on our registry: README), read from
 * Camel's management API:
 * <pre>
 * GET /api/routes   {"routes":[{id, from, source, state, stats, steps:[{id, type, label, level, line, stats}]}],
 *                    "queues":{"caravan.submission": depth, ...}}
 * </pre>
 * Only routes loaded from a YAML file are listed (the pipeline the administrator edits), in file order. Steps come
 * in route order with their nesting level (a choice's branches are one level deeper), so the page can draw them as a
 * vertical diagram. {@code stats} is {total, failed, inflight, meanMs}. Endpoint URIs and labels pass through
 * Camel's URI sanitiser, so a password in a URI is never shown.
 */
@Singleton
public class RoutesApi {

    private static final Logger LOG = Logger.getLogger(RoutesApi.class);

    private final CamelContext camel;
    private final QueueViewer queues;

    public RoutesApi(CamelContext camel, QueueViewer queues) {
        this.camel = camel;
        this.queues = queues;
    }

    void register(@Observes Router router) {
        router.get("/api/routes").blockingHandler(rc -> {
            try {
                rc.response().putHeader("Content-Type", "application/json").end(routes().encodePrettily() + "\n");
            } catch (RuntimeException e) {
                LOG.errorf(e, "GET /api/routes failed");
                rc.response().setStatusCode(503).putHeader("Content-Type", "application/json")
                        .end(new JsonObject().put("error", String.valueOf(e.getMessage())).encodePrettily() + "\n");
            }
        });
    }

    JsonObject routes() {
        ManagedCamelContext managed = camel.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class);
        JsonArray routes = new JsonArray();
        if (managed != null) {
            managed.getManagedRoutes().stream()
                    .filter(r -> r.getSourceLocation() != null && r.getSourceLocation().contains(".yaml"))
                    .sorted(Comparator.comparing(ManagedRouteMBean::getRouteId))
                    .forEach(r -> routes.add(route(managed, r)));
        }
        return new JsonObject().put("routes", routes).put("queues", new JsonObject(new LinkedHashMap<>(queues.counts())));
    }

    private static JsonObject route(ManagedCamelContext managed, ManagedRouteMBean route) {
        List<ManagedProcessorMBean> steps = processorIds(route).stream().map(managed::getManagedProcessor)
                .filter(Objects::nonNull)
                .sorted(Comparator.comparing(p -> p.getIndex() == null ? Integer.MAX_VALUE : p.getIndex()))
                .toList();
        JsonArray json = new JsonArray();
        for (ManagedProcessorMBean p : steps) {
            json.add(new JsonObject().put("id", p.getProcessorId()).put("type", p.getProcessorName())
                    .put("label", safe(p.getModelLabel())).put("level", p.getLevel())
                    .put("line", p.getSourceLineNumber()).put("stats", stats(p)));
        }
        return new JsonObject().put("id", route.getRouteId()).put("from", safe(route.getEndpointUri()))
                .put("source", route.getSourceLocationShort()).put("state", route.getState())
                .put("stats", stats(route)).put("steps", json);
    }

    private static java.util.Collection<String> processorIds(ManagedRouteMBean route) {
        try {
            return route.processorIds();
        } catch (Exception e) {
            throw new IllegalStateException("cannot list the steps of route " + route.getRouteId(), e);
        }
    }

    private static JsonObject stats(ManagedPerformanceCounterMBean counter) {
        return new JsonObject().put("total", counter.getExchangesTotal()).put("failed", counter.getExchangesFailed())
                .put("inflight", counter.getExchangesInflight()).put("meanMs", counter.getMeanProcessingTime());
    }

    private static String safe(String text) {
        return text == null ? "" : URISupport.sanitizeUri(text);
    }
}
