// The caravan command: the operator's daily verbs (queue, track, quarantine, poison, users, diagnose) over the admin API.
package io.caravan.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Run by {@code bin/caravan} from the packaged application (a plain JVM main, not Quarkus). Each verb's
 * help names its Exchange and Postfix equivalent. Tests call {@link #run(Terminal, String...)} with
 * captured streams.
 */
@Command(name = "caravan", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, usageHelpWidth = 100, versionProvider = Caravan.Version.class,
        description = {"The operator's console for the Caravan mail router, over its admin API.",
                "Set CARAVAN_URL (default " + Connection.DEFAULT_URL + ") and CARAVAN_TOKEN, or give --url and --token-file to each verb."},
        subcommands = {QueueCommand.class, TrackCommand.class, QuarantineCommand.class, PoisonCommand.class, UsersCommand.class, DiagnoseCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 done, 1 the server said no or found nothing, 2 usage error, 3 cannot reach the server."})
public final class Caravan implements Runnable {

    @Spec
    CommandSpec spec;

    private final Terminal terminal;

    Caravan(Terminal terminal) {
        this.terminal = terminal;
    }

    Terminal terminal() {
        return terminal;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Say what to do: queue, track, quarantine, poison, users or diagnose");
    }

    public static void main(String[] args) {
        System.exit(run(Terminal.system(), args));
    }

    /** Runs one command line and returns its exit code. */
    public static int run(Terminal terminal, String... args) {
        CommandLine cli = new CommandLine(new Caravan(terminal));
        cli.setOut(terminal.out()).setErr(terminal.err());
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            if (e instanceof CliException c) {
                terminal.err().println("caravan: " + c.getMessage());
                terminal.err().flush();
                return c.exitCode;
            }
            terminal.err().println("caravan: unexpected failure: " + Format.clean(e.toString()));
            terminal.err().flush();
            return CliException.REFUSED;
        });
        return cli.execute(args);
    }

    /** The version of the packaged application. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Caravan.class.getPackage().getImplementationVersion();
            return new String[] {"caravan " + (v == null ? "(development build)" : v)};
        }
    }
}
