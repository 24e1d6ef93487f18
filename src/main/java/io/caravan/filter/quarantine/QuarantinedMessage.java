// One entry of the quarantine as the list and the admin API show it.
package io.caravan.filter.quarantine;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * @param headers the message's Caravan* exchange headers (envelope, client trust), restored on release
 */
public record QuarantinedMessage(String queueId, String agent, String result, String reason, Double score, String sender,
        List<String> recipients, String subject, long size, Instant heldAt, Instant expiresAt, Map<String, Object> headers) {

    public Duration age(Instant now) {
        return Duration.between(heldAt, now);
    }

    JsonObject toJson() {
        return new JsonObject()
                .put("queueId", queueId).put("agent", agent).put("result", result).put("reason", reason).put("score", score)
                .put("sender", sender).put("recipients", new JsonArray(recipients)).put("subject", subject).put("size", size)
                .put("heldAt", heldAt.toString()).put("expiresAt", expiresAt.toString()).put("headers", new JsonObject(headers));
    }

    static QuarantinedMessage fromJson(JsonObject json) {
        return new QuarantinedMessage(json.getString("queueId"), json.getString("agent"), json.getString("result"),
                json.getString("reason"), json.getDouble("score"), json.getString("sender"),
                json.getJsonArray("recipients").getList(), json.getString("subject"), json.getLong("size"),
                Instant.parse(json.getString("heldAt")), Instant.parse(json.getString("expiresAt")),
                json.getJsonObject("headers").getMap());
    }

    /** What the admin API lists: everything but the stored headers, plus the age in seconds. */
    public JsonObject summary(Instant now) {
        JsonObject json = toJson();
        json.remove("headers");
        return json.put("ageSeconds", age(now).toSeconds());
    }
}
