// caravan quarantine: the messages an agent held, and releasing or deleting them.
package io.caravan.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import static io.caravan.cli.AdminClient.segment;

@Command(name = "quarantine", description = "Messages held by an inspection agent (DMARC quarantine, content or malware filter).",
        subcommands = {QuarantineCommand.List.class, QuarantineCommand.Show.class, QuarantineCommand.Release.class,
                QuarantineCommand.Delete.class})
final class QuarantineCommand {

    @Command(name = "list", description = {"Every held message: age, agent, sender, recipients, subject, reason.",
            "Exchange: Get-QuarantineMessage.  Postfix: mailq (the hold queue), with postsuper -h."})
    static final class List extends Verb {
        @Override
        int run(AdminClient api) {
            JsonObject answer = api.get("/api/quarantine");
            Table table = new Table("QUEUE ID", "AGE", "AGENT", "SENDER", "RECIPIENTS", "SUBJECT", "REASON");
            for (Object o : answer.getJsonArray("messages", new JsonArray())) {
                JsonObject m = (JsonObject) o;
                table.row(m.getString("queueId"), Format.age(m.getLong("ageSeconds", 0L)), m.getString("agent"), m.getString("sender"),
                        String.join(",", m.getJsonArray("recipients", new JsonArray()).stream().map(String::valueOf).toList()),
                        m.getString("subject"), m.getString("reason"));
            }
            return table(answer, table, "The quarantine is empty.", OK);
        }
    }

    @Command(name = "show", description = {"One held message: the verdict and its header section.",
            "Exchange: Get-QuarantineMessage -Identity, Get-QuarantineMessageHeader.  Postfix: postcat -q <queue-id>."})
    static final class Show extends Verb {
        @Parameters(paramLabel = "QUEUE-ID")
        String queueId;

        @Override
        int run(AdminClient api) {
            JsonObject m = api.get("/api/quarantine/" + segment(queueId));
            if (json) {
                return done(m, "");
            }
            for (String key : new String[] {"queueId", "agent", "result", "score", "reason", "sender", "recipients", "subject", "size",
                    "heldAt", "expiresAt"}) {
                Object value = m.getValue(key);
                String text = value instanceof JsonArray a ? String.join(", ", a.stream().map(String::valueOf).toList())
                        : key.endsWith("At") ? Format.time((String) value) : value == null ? "-" : value.toString();
                out().printf("%-11s %s%n", key + ":", Format.clean(text));
            }
            out().println();
            m.getString("headers", "").lines().forEach(l -> out().println(Format.clean(l)));
            out().flush();
            return OK;
        }
    }

    @Command(name = "release", description = {"Deliver a held message to its original recipients.",
            "Exchange: Release-QuarantineMessage.  Postfix: postsuper -H <queue-id>."})
    static final class Release extends Verb {
        @Parameters(paramLabel = "QUEUE-ID")
        String queueId;

        @Override
        int run(AdminClient api) {
            return done(api.post("/api/quarantine/" + segment(queueId) + "/release", null), "Released " + queueId + " for delivery.");
        }
    }

    @Command(name = "delete", description = {"Delete a held message unreleased (the sender is not told).",
            "Exchange: Delete-QuarantineMessage.  Postfix: postsuper -d <queue-id> hold."})
    static final class Delete extends Verb {
        @Parameters(paramLabel = "QUEUE-ID")
        String queueId;

        @Override
        int run(AdminClient api) {
            return done(api.delete("/api/quarantine/" + segment(queueId)), "Deleted " + queueId + " from the quarantine.");
        }
    }
}
