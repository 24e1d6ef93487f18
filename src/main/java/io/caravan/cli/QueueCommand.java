// caravan queue: the delivery queues per next hop, and the operator's actions on them.
package io.caravan.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Function;

import static io.caravan.cli.AdminClient.segment;

@Command(name = "queue", description = "The delivery queues, one per next hop.",
        subcommands = {QueueCommand.List.class, QueueCommand.Show.class, QueueCommand.Retry.class, QueueCommand.Suspend.class,
                QueueCommand.Resume.class, QueueCommand.Remove.class})
final class QueueCommand {

    @Command(name = "list", description = {"Every next hop with mail waiting: count, oldest, next retry, last error.",
            "Exchange: Get-Queue.  Postfix: mailq (qshape)."})
    static final class List extends Verb {
        @Override
        int run(AdminClient api) {
            JsonObject answer = api.get("/api/queues");
            Table table = new Table("NEXT HOP", "CONNECTOR", "MESSAGES", "OLDEST", "NEXT RETRY", "STATE", "LAST ERROR");
            for (Object o : answer.getJsonArray("nextHops", new JsonArray())) {
                JsonObject q = (JsonObject) o;
                table.row(q.getString("nextHop"), q.getString("sendConnector"), q.getInteger("messages", 0),
                        Format.age(q.getLong("oldestAgeSeconds", 0L)), Format.time(q.getString("nextRetry")),
                        q.getBoolean("suspended", false) ? "suspended" : "active", q.getString("lastError"));
            }
            int exit = table(answer, table, "No mail is waiting for delivery.", OK);
            if (!json) {
                StringJoiner counts = new StringJoiner(", ", "Queues: ", "");
                for (Map.Entry<String, Object> e : answer.getJsonObject("queues", new JsonObject())) {
                    counts.add(e.getKey().replace("caravan.", "") + " " + e.getValue());
                }
                out().println(counts);
                JsonObject limit = answer.getJsonObject("maxPerNextHop");
                if (limit != null) {
                    out().println("At most " + limit.getValue("perInstance") + " deliveries to one next hop at once per instance"
                            + " (caravan.delivery.max-per-next-hop; with several instances, instances x this).");
                }
                JsonObject suspensions = answer.getJsonObject("suspensions");
                if (suspensions != null && !suspensions.getBoolean("current", true)) {
                    out().println("Warning: the suspensions shown are the last known (read " + Format.time(suspensions.getString("readAt"))
                            + "); the broker cannot be read now: " + Format.clean(String.valueOf(suspensions.getString("error"))));
                }
                out().flush();
            }
            return exit;
        }
    }

    @Command(name = "show", description = {"The messages waiting for one next hop, oldest first, with their last reply.",
            "Exchange: Get-Message -Queue <server>\\<next hop>.  Postfix: mailq | grep, postcat -q."})
    static final class Show extends Verb {
        @Parameters(paramLabel = "NEXT-HOP", description = "As queue list shows it, e.g. example.net.")
        String nextHop;

        @Override
        int run(AdminClient api) {
            JsonObject answer = api.get("/api/queues/" + segment(nextHop));
            return table(answer, copies(answer.getJsonArray("messages", new JsonArray())), "No messages are queued for " + nextHop + ".", NOTHING);
        }
    }

    /** The copies of queue show. */
    static Table copies(JsonArray messages) {
        return copies(messages, java.util.List.of("ATTEMPTS", "NEXT ATTEMPT", "LAST REPLY"),
                m -> Arrays.asList(m.getInteger("attempts", 0), Format.time(m.getString("nextAttempt")), m.getString("lastReply")));
    }

    /** A table of copies: who, to whom, how big and old, then the columns the view adds. */
    static Table copies(JsonArray messages, java.util.List<String> more, Function<JsonObject, java.util.List<Object>> cells) {
        java.util.List<String> headers = new ArrayList<>(java.util.List.of("QUEUE ID", "FROM", "RECIPIENTS", "SIZE", "AGE"));
        headers.addAll(more);
        Table table = new Table(headers.toArray(String[]::new));
        for (Object o : messages) {
            JsonObject m = (JsonObject) o;
            java.util.List<Object> row = new ArrayList<>(Arrays.asList(m.getString("queueId"), m.getString("from"),
                    String.join(",", m.getJsonArray("recipients", new JsonArray()).getList()),
                    Format.size(m.getLong("size", 0L)), Format.age(m.getLong("ageSeconds", 0L))));
            row.addAll(cells.apply(m));
            table.row(row.toArray());
        }
        return table;
    }

    @Command(name = "retry", description = {"Try delivery now instead of at the next scheduled retry: one next hop, or all.",
            "Exchange: Retry-Queue.  Postfix: postqueue -f (all), postqueue -s <site> (one)."})
    static final class Retry extends Verb {
        @Parameters(paramLabel = "NEXT-HOP", arity = "0..1", description = "Leave out to retry every next hop.")
        String nextHop;

        @Override
        int run(AdminClient api) {
            if (nextHop == null) {
                return done(api.post("/api/queues/retry", null), "Retrying every next hop now.");
            }
            return done(api.post("/api/queues/" + segment(nextHop) + "/retry", null), "Retrying " + nextHop + " now.");
        }
    }

    @Command(name = "suspend", description = {"Hold the mail for a next hop (it stays queued) until queue resume, on every instance; a restart keeps it.",
            "Exchange: Suspend-Queue.  Postfix: postsuper -h (per message), or defer_transports."})
    static final class Suspend extends Verb {
        @Parameters(paramLabel = "NEXT-HOP")
        String nextHop;

        @Override
        int run(AdminClient api) {
            return done(api.post("/api/queues/" + segment(nextHop) + "/suspend", null),
                    "Suspended " + nextHop + ": its mail stays queued until caravan queue resume " + nextHop + ".");
        }
    }

    @Command(name = "resume", description = {"Deliver a suspended next hop's mail again, starting now.",
            "Exchange: Resume-Queue.  Postfix: postsuper -H, then postqueue -f."})
    static final class Resume extends Verb {
        @Parameters(paramLabel = "NEXT-HOP")
        String nextHop;

        @Override
        int run(AdminClient api) {
            return done(api.post("/api/queues/" + segment(nextHop) + "/resume", null), "Resumed " + nextHop + ".");
        }
    }

    @Command(name = "remove", description = {"Take a message off the delivery queue; with --report the sender gets a report (DSN) saying so.",
            "Exchange: Remove-Message -WithNDR $true/$false.  Postfix: postsuper -d <queue-id>."})
    static final class Remove extends Verb {
        @Parameters(paramLabel = "QUEUE-ID")
        String queueId;

        @Option(names = "--report", description = "Tell the sender the message was removed (a non-delivery report).")
        boolean report;

        @Override
        int run(AdminClient api) {
            JsonObject answer = api.delete("/api/messages/" + segment(queueId) + (report ? "?report=yes" : ""));
            int n = answer.getInteger("removed", 0);
            return done(answer, "Removed " + n + (n == 1 ? " copy" : " copies") + " of " + queueId
                    + (report ? "; the sender gets a report." : "; no report is sent."));
        }
    }
}
