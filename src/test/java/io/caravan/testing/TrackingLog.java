// Reads the message tracking log (one JSON object per line) the way an administrator's tools would.
package io.caravan.testing;

import io.vertx.core.json.JsonObject;
import org.eclipse.microprofile.config.ConfigProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Each line is parsed as it is; a line that is not one JSON object fails the test that reads it. */
public final class TrackingLog {

    private TrackingLog() {
    }

    /** tracking.log under the running Caravan's data directory. */
    public static Path file() {
        return Path.of(ConfigProvider.getConfig().getValue("caravan.data-dir", String.class), "tracking.log");
    }

    /** Every event of the running Caravan, in the order written. */
    public static List<JsonObject> all() {
        return read(file());
    }

    /** The events about a queue id, in the order written. */
    public static List<JsonObject> events(String queueId) {
        return all().stream().filter(e -> queueId.equals(e.getString("queueId"))).toList();
    }

    /** The events of one kind ("DELIVERED") about a queue id. */
    public static List<JsonObject> events(String queueId, String event) {
        return events(queueId).stream().filter(e -> event.equals(e.getString("event"))).toList();
    }

    /** The names of a queue id's events, in the order written: [RECEIVED, ROUTED, DELIVERED]. */
    public static List<String> names(String queueId) {
        return events(queueId).stream().map(e -> e.getString("event")).toList();
    }

    /** The events of a log file, in the order written; none when it does not exist yet. */
    public static List<JsonObject> read(Path log) {
        try {
            if (!Files.exists(log)) {
                return List.of();
            }
            return Files.readAllLines(log).stream().filter(l -> !l.isBlank()).map(JsonObject::new).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An INSPECTED event of this agent with this result (and action, when not null). */
    public static boolean inspected(JsonObject e, String agent, String result, String action) {
        return "INSPECTED".equals(e.getString("event")) && agent.equals(e.getString("agent")) && result.equals(e.getString("result"))
                && (action == null || action.equals(e.getString("action")));
    }
}
