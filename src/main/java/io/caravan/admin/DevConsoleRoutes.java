// Serves Camel's developer consoles (routes, context, health, JVM...) as JSON at /q/camel/dev-console[/{id}].
package io.caravan.admin;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.apache.camel.CamelContext;
import org.apache.camel.console.DevConsole;
import org.apache.camel.console.DevConsoleRegistry;

import java.util.Map;
import java.util.TreeMap;

/**
 * camel-quarkus-console is not available to us (deps.md), so this does its job: the same path, the
 * same JSON. {@code curl localhost:8080/q/camel/dev-console} lists the consoles;
 * {@code /q/camel/dev-console/route} shows every route with its source file, state and statistics.
 */
@Singleton
public class DevConsoleRoutes {

    private final CamelContext camel;

    public DevConsoleRoutes(CamelContext camel) {
        this.camel = camel;
    }

    void register(@Observes Router router) {
        router.get("/q/camel/dev-console").blockingHandler(this::all);
        router.get("/q/camel/dev-console/:id").blockingHandler(this::one);
    }

    private DevConsoleRegistry registry() {
        DevConsoleRegistry registry = camel.getCamelContextExtension().getContextPlugin(DevConsoleRegistry.class);
        registry.loadDevConsoles();
        return registry;
    }

    private void all(RoutingContext rc) {
        Map<String, Object> out = new TreeMap<>();
        registry().stream().forEach(c -> out.put(c.getId(), Map.of("group", String.valueOf(c.getGroup()),
                "displayName", String.valueOf(c.getDisplayName()), "description", String.valueOf(c.getDescription()))));
        rc.response().putHeader("Content-Type", "application/json").end(new JsonObject(out).encodePrettily());
    }

    @SuppressWarnings("unchecked")
    private void one(RoutingContext rc) {
        String id = rc.pathParam("id");
        DevConsole console = registry().getConsole(id).orElse(null);
        if (console == null) {
            // the name is not echoed: it is the caller's text, and this is no place to render it
            rc.response().setStatusCode(404).putHeader("Content-Type", "text/plain").end("No such dev console; GET /q/camel/dev-console lists them\n");
            return;
        }
        Object result = console.call(DevConsole.MediaType.JSON, Map.of());
        Map<String, Object> body = result instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of("result", String.valueOf(result));
        rc.response().putHeader("Content-Type", "application/json").end(new JsonObject(Map.of(id, body)).encodePrettily());
    }
}
