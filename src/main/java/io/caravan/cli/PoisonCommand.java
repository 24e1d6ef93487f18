// caravan poison: copies that crashed a stage too often, sent back to their stage or deleted.
package io.caravan.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import static io.caravan.cli.AdminClient.segment;

@Command(name = "poison", description = "The poison queue: copies that failed a stage caravan.broker.max-delivery-attempts times.",
        subcommands = {PoisonCommand.List.class, PoisonCommand.Resubmit.class, PoisonCommand.Remove.class})
final class PoisonCommand {

    @Command(name = "list", description = {"Every poisoned copy.",
            "Exchange: Get-Message -Queue <server>\\Poison.  Postfix: the corrupt queue (ls /var/spool/postfix/corrupt)."})
    static final class List extends Verb {
        @Override
        int run(AdminClient api) {
            JsonObject answer = api.get("/api/poison");
            return table(answer, poisoned(answer.getJsonArray("messages", new JsonArray())), "The poison queue is empty.", OK);
        }
    }

    /** A poisoned copy waits for no attempt: the table says why it is here instead. */
    static Table poisoned(JsonArray messages) {
        return QueueCommand.copies(messages, java.util.List.of("REASON"), m -> java.util.Arrays.asList(m.getString("poisonReason")));
    }

    @Command(name = "resubmit", description = {"Send poisoned copies back to the stage they failed in: one queue id, or all.",
            "Exchange: Resume-Message (on the Poison queue).  Postfix: postsuper -r."})
    static final class Resubmit extends Verb {
        @Parameters(paramLabel = "QUEUE-ID", arity = "0..1", description = "Leave out to resubmit every poisoned copy.")
        String queueId;

        @Override
        int run(AdminClient api) {
            JsonObject answer = api.post(queueId == null ? "/api/poison/resubmit" : "/api/poison/" + segment(queueId) + "/resubmit", null);
            int n = answer.getInteger("resubmitted", 0);
            return done(answer, "Resubmitted " + n + (n == 1 ? " copy." : " copies."));
        }
    }

    @Command(name = "remove", description = {"Delete a poisoned message for good (the sender is not told).",
            "Exchange: Remove-Message (on the Poison queue).  Postfix: postsuper -d <queue-id>."})
    static final class Remove extends Verb {
        @Parameters(paramLabel = "QUEUE-ID")
        String queueId;

        @Override
        int run(AdminClient api) {
            JsonObject answer = api.delete("/api/poison/" + segment(queueId));
            int n = answer.getInteger("removed", 0);
            return done(answer, "Removed " + n + (n == 1 ? " copy" : " copies") + " of " + queueId + " from the poison queue.");
        }
    }
}
