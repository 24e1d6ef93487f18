// REST view of DKIM signing: GET /api/dkim lists each key, the TXT record to publish and what DNS says now.
package io.caravan.admin;

import io.caravan.signing.OwnDnsCheck;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

@Singleton
public class DkimApi {

    private final OwnDnsCheck check;

    public DkimApi(OwnDnsCheck check) {
        this.check = check;
    }

    void register(@Observes Router router) {
        router.get("/api/dkim").blockingHandler(rc -> {
            JsonArray keys = new JsonArray();
            check.reports().forEach(r -> keys.add(new JsonObject().put("domain", r.domain()).put("selector", r.selector())
                    .put("algorithm", r.algorithm()).put("recordName", r.recordName()).put("recordToPublish", r.recordToPublish())
                    .put("dkim", r.dkim()).put("spf", r.spf()).put("dmarc", r.dmarc()).put("advice", new JsonArray(r.advice()))));
            rc.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("keys", keys).encodePrettily() + "\n");
        });
    }
}
