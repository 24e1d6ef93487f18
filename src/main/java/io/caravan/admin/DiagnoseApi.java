// REST view of the troubleshooting checklist: GET /api/diagnose?target=<domain or address>[&window=1h] and GET /api/diagnose/self.
package io.caravan.admin;

import io.caravan.diagnostics.checklist.Diagnostics;
import io.caravan.diagnostics.Finding;
import io.caravan.diagnostics.Report;
import io.caravan.diagnostics.RunLimit;
import jakarta.inject.Provider;
import io.quarkus.runtime.configuration.DurationConverter;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * The same report the {@code caravan diagnose} command prints: {@code {"target", "findings": [{severity,
 * section, check, summary, evidence, fix}], "worst": "ok|warning|failure"}}. A viewer may run it (it
 * changes nothing); a malformed target or window gets 400, a fifth run while four are going 503. The run
 * ends by caravan.diagnostics.deadline.
 */
@Singleton
public class DiagnoseApi {

    /** Resolved on the first request: the routes register at HTTP start, before the start-up configuration check. */
    private final Provider<Diagnostics> diagnostics;

    public DiagnoseApi(Provider<Diagnostics> diagnostics) {
        this.diagnostics = diagnostics;
    }

    void register(@Observes Router router) {
        router.get("/api/diagnose").blockingHandler(rc -> json(rc, () -> {
            String target = rc.queryParams().get("target");
            if (target == null || target.isBlank()) {
                throw new IllegalArgumentException("target: give a domain (example.com) or an address (user@example.com)");
            }
            return diagnostics.get().destination(target, window(rc));
        }), false);
        router.get("/api/diagnose/self").blockingHandler(rc -> json(rc, () -> diagnostics.get().self(window(rc))), false);
    }

    private Duration window(RoutingContext rc) {
        String w = rc.queryParams().get("window");
        if (w == null || w.isBlank()) {
            return diagnostics.get().defaultWindow();
        }
        try {
            Duration d = DurationConverter.parseDuration(w.strip());
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException();
            }
            return d;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("window: '" + w + "' is not a duration such as 1h or 30m");
        }
    }

    private static void json(RoutingContext rc, Supplier<Report> run) {
        Report report;
        try {
            report = run.get();
        } catch (RunLimit.Busy e) {
            rc.response().setStatusCode(503).putHeader("Content-Type", "application/json").putHeader("Retry-After", "30")
                    .end(new JsonObject().put("error", e.getMessage()).encodePrettily() + "\n");
            return;
        } catch (IllegalArgumentException e) {
            rc.response().setStatusCode(400).putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("error", String.valueOf(e.getMessage())).encodePrettily() + "\n");
            return;
        }
        rc.response().putHeader("Content-Type", "application/json").end(toJson(report).encodePrettily() + "\n");
    }

    public static JsonObject toJson(Report report) {
        JsonArray findings = new JsonArray();
        for (Finding f : report.findings()) {
            findings.add(new JsonObject().put("severity", f.severity().word()).put("section", f.section()).put("check", f.check())
                    .put("summary", f.summary()).put("evidence", f.evidence()).put("fix", f.fix()));
        }
        return new JsonObject().put("target", report.target()).put("findings", findings).put("worst", report.worst().word());
    }
}
