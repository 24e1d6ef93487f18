// What every caravan verb that talks to the admin API shares: the connection options, --json, and where to print.
package io.caravan.cli;

import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** A verb returns its exit code: 0 done, 1 the server said no or found nothing (see {@link CliException}). */
abstract class Verb implements Callable<Integer> {

    static final int OK = 0;
    static final int NOTHING = CliException.REFUSED;

    @Spec
    CommandSpec spec;

    @Mixin
    Connection connection;

    @Option(names = "--json", description = "Print the admin API's JSON answer instead of a table.")
    boolean json;

    @Override
    public final Integer call() {
        return run(connection.open(terminal().env()));
    }

    abstract int run(AdminClient api);

    final Terminal terminal() {
        return ((Caravan) spec.root().userObject()).terminal();
    }

    final PrintWriter out() {
        return terminal().out();
    }

    /** With --json the answer as the API gave it; otherwise one line for the operator. */
    final int done(JsonObject answer, String sentence) {
        out().println(json ? answer.encodePrettily() : Format.clean(sentence));
        out().flush();
        return OK;
    }

    /** With --json the answer; otherwise the table, or the sentence when it has no rows (exit {@code whenEmpty}). */
    final int table(JsonObject answer, Table table, String whenEmpty, int emptyExit) {
        if (json) {
            out().println(answer.encodePrettily());
            out().flush();
            return table.isEmpty() ? emptyExit : OK;
        }
        if (table.isEmpty()) {
            out().println(whenEmpty);
            out().flush();
            return emptyExit;
        }
        table.print(out());
        return OK;
    }
}
