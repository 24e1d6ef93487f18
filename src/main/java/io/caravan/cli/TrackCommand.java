// caravan track: search the message tracking log, or follow one message through every stage.
package io.caravan.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.Map;

import static io.caravan.cli.AdminClient.segment;

@Command(name = "track", description = {"Search the message tracking log, or show one message's timeline.",
        "A search lists events newest first. Given a QUEUE-ID: that message's events across stages, oldest first, with the",
        "reports (DSNs) it caused and, for a report, the message it is about.",
        "Exchange: Get-MessageTrackingLog.  Postfix: grep of the maillog (by queue id: grep <queue-id> /var/log/maillog)."})
final class TrackCommand extends Verb {

    @Parameters(paramLabel = "QUEUE-ID", arity = "0..1", description = "Show this message's timeline instead of searching.")
    String timeline;

    @Option(names = "--queue-id", paramLabel = "ID") String queueId;
    @Option(names = "--message-id", paramLabel = "ID", description = "The Message-ID header field, without angle brackets.") String messageId;
    @Option(names = "--sender", paramLabel = "ADDRESS", description = "The envelope sender (MAIL FROM).") String sender;
    @Option(names = "--recipient", paramLabel = "ADDRESS", description = "An envelope recipient (RCPT TO).") String recipient;
    @Option(names = "--event", paramLabel = "EVENT", description = "One or more, comma-separated: RECEIVED, REFUSED, DELIVERED, DEFERRED, FAILED, QUARANTINED, ...") String event;
    @Option(names = "--client-ip", paramLabel = "IP") String clientIp;
    @Option(names = "--start", paramLabel = "TIME", description = "From this time: 2026-12-04T08:00:00Z, with an offset, or a date (UTC).") String start;
    @Option(names = "--end", paramLabel = "TIME", description = "Before this time; a date includes its whole day.") String end;
    @Option(names = "--limit", paramLabel = "N", description = "At most this many events, newest first (default 100, at most 1000).") Integer limit;

    @Override
    int run(AdminClient api) {
        if (timeline != null) {
            if (searching()) {
                throw new CliException(CliException.USAGE, "give either a QUEUE-ID for its timeline or search options, not both");
            }
            return timeline(api.get("/api/tracking/messages/" + segment(timeline)));
        }
        if (limit != null && limit < 1) {
            throw new CliException(CliException.USAGE, "--limit must be at least 1");
        }
        Map<String, String> query = new LinkedHashMap<>();
        query.put("queueId", queueId);
        query.put("messageId", messageId);
        query.put("sender", sender);
        query.put("recipient", recipient);
        query.put("event", event);
        query.put("clientIp", clientIp);
        query.put("start", start);
        query.put("end", end);
        query.put("limit", limit == null ? null : limit.toString());
        JsonObject answer = api.get("/api/tracking", query);
        Table table = new Table("TIME", "EVENT", "QUEUE ID", "SENDER", "RECIPIENTS", "DETAIL");
        for (Object o : answer.getJsonArray("events", new JsonArray())) {
            JsonObject e = (JsonObject) o;
            table.row(Format.time(e.getString("time")), e.getString("event"), e.getString("queueId"), e.getString("sender"),
                    recipients(e), detail(e));
        }
        int exit = table(answer, table, "No events match.", NOTHING);
        if (!json && answer.getBoolean("more", false)) {
            out().println("(more than " + answer.getValue("limit") + " events match: narrow the search or raise --limit)");
        }
        unanswered(answer);
        return exit;
    }

    private boolean searching() {
        return queueId != null || messageId != null || sender != null || recipient != null || event != null || clientIp != null
                || start != null || end != null || limit != null;
    }

    private int timeline(JsonObject answer) {
        if (json) {
            return done(answer, "");
        }
        out().println("Message " + Format.clean(answer.getString("queueId", timeline)));
        Table table = new Table("TIME", "EVENT", "QUEUE ID", "RECIPIENTS", "DETAIL");
        for (Object o : answer.getJsonArray("events", new JsonArray())) {
            JsonObject e = (JsonObject) o;
            table.row(Format.time(e.getString("time")), e.getString("event"), e.getString("queueId"), recipients(e), detail(e));
        }
        table.print(out());
        JsonArray related = answer.getJsonArray("related", new JsonArray());
        if (!related.isEmpty()) {
            out().println("Related: " + Format.clean(String.join(", ", related.stream().map(TrackCommand::relatedId).toList())));
        }
        unanswered(answer);
        return OK;
    }

    /** With several instances: the ones that did not answer, whose events are missing from what is shown. */
    private void unanswered(JsonObject answer) {
        JsonObject peers = answer.getJsonObject("peers");
        if (!json && peers != null) {
            for (Object o : peers.getJsonArray("unanswered", new JsonArray())) {
                JsonObject p = (JsonObject) o;
                out().println("Warning: instance " + Format.clean(p.getString("peer")) + " did not answer (" + Format.clean(p.getString("error"))
                        + "): its events are missing");
            }
        }
        out().flush();
    }

    private static String relatedId(Object related) {
        return related instanceof JsonObject o ? o.getString("queueId", o.encode()) : String.valueOf(related);
    }

    private static String recipients(JsonObject e) {
        return String.join(",", e.getJsonArray("recipients", new JsonArray()).stream().map(String::valueOf).toList());
    }

    /** What an operator looks for first: the remote reply, then the reason, then where it went. */
    static String detail(JsonObject e) {
        JsonObject d = e.getJsonObject("details", e); // the details may be nested or flattened into the event
        StringBuilder out = new StringBuilder();
        for (String key : new String[] {"host", "reply", "phase", "agent", "result", "score", "action", "reason", "connector", "nextHop", "nextAttempt", "dsnId", "reportsOn", "by"}) {
            Object value = d.getValue(key);
            if (value != null && !value.toString().isEmpty()) {
                out.append(out.isEmpty() ? "" : " ").append(key).append('=')
                        .append(value.toString().contains(" ") ? "\"" + value + "\"" : value);
            }
        }
        return out.toString();
    }
}
