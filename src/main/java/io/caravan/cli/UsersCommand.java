// caravan users: the SMTP AUTH users (caravan.auth.users-file) through the admin API, and offline hashing for a Secret.
package io.caravan.cli;

import io.caravan.receive.auth.UsersFile;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.Arrays;
import java.util.concurrent.Callable;

import static io.caravan.cli.AdminClient.segment;

@Command(name = "users", description = "The users who may SMTP AUTH to submit mail (the file caravan.auth.users-file).",
        subcommands = {UsersCommand.List.class, UsersCommand.Add.class, UsersCommand.Passwd.class, UsersCommand.Remove.class,
                UsersCommand.Hash.class})
final class UsersCommand {

    @Command(name = "list", description = {"Every user and the sender addresses it may use (never a password hash).",
            "Exchange: Get-ADUser (AUTH users are Active Directory accounts).  Postfix: sasldblistusers2."})
    static final class List extends Verb {
        @Override
        int run(AdminClient api) {
            JsonObject answer = api.get("/api/users");
            Table table = new Table("USER", "MAY SEND AS");
            for (Object o : answer.getJsonArray("users", new JsonArray())) {
                JsonObject u = (JsonObject) o;
                table.row(u.getString("name"), u.getString("sendAs") == null ? "(the user name itself)" : u.getString("sendAs"));
            }
            return table(answer, table, "No users: nobody can SMTP AUTH.", OK);
        }
    }

    @Command(name = "add", description = {"Add a user; the password is asked twice without echo, or read from stdin.",
            "Exchange: New-ADUser, Add-ADPermission -ExtendedRights Send-As.  Postfix: saslpasswd2 -c."})
    static final class Add extends Verb {
        @Parameters(paramLabel = "NAME", description = "The AUTH user name, e.g. alice@example.com or scanner.")
        String name;

        @Option(names = "--send-as", paramLabel = "LIST",
                description = "Sender addresses allowed: a@example.com, @example.com or *, comma-separated (default: the name itself).")
        String sendAs;

        @Option(names = "--password-stdin", description = "Read the password as one line from stdin.")
        boolean passwordStdin;

        @Override
        int run(AdminClient api) {
            char[] password = Passwords.read(terminal(), passwordStdin);
            try {
                JsonObject body = new JsonObject().put("name", name).put("password", new String(password));
                if (sendAs != null) {
                    body.put("sendAs", sendAs);
                }
                return done(api.post("/api/users", body), "Added user " + name + ".");
            } finally {
                Arrays.fill(password, '\0');
            }
        }
    }

    @Command(name = "passwd", description = {"Set a user's password; the send-as rule stays.",
            "Exchange: Set-ADAccountPassword.  Postfix: saslpasswd2."})
    static final class Passwd extends Verb {
        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--password-stdin", description = "Read the password as one line from stdin.")
        boolean passwordStdin;

        @Override
        int run(AdminClient api) {
            char[] password = Passwords.read(terminal(), passwordStdin);
            try {
                return done(api.put("/api/users/" + segment(name) + "/password", new JsonObject().put("password", new String(password))),
                        "Changed the password of " + name + ".");
            } finally {
                Arrays.fill(password, '\0');
            }
        }
    }

    @Command(name = "remove", description = {"Remove a user: its next AUTH fails.",
            "Exchange: Remove-ADUser.  Postfix: saslpasswd2 -d."})
    static final class Remove extends Verb {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        int run(AdminClient api) {
            return done(api.delete("/api/users/" + segment(name)), "Removed user " + name + ".");
        }
    }

    @Command(name = "hash", description = {"Print a users-file line (or, without NAME, a bcrypt hash) without asking the server:",
            "for a users file kept elsewhere, such as a Kubernetes Secret the admin API cannot write.",
            "Exchange: none.  Postfix with Dovecot SASL: doveadm pw -s BLF-CRYPT."})
    static final class Hash implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", arity = "0..1", description = "Print the whole line name:hash[:send-as].")
        String name;

        @Option(names = "--send-as", paramLabel = "LIST", description = "The send-as field of the line.")
        String sendAs;

        @Option(names = "--password-stdin", description = "Read the password as one line from stdin.")
        boolean passwordStdin;

        @Override
        public Integer call() {
            Terminal terminal = ((Caravan) spec.root().userObject()).terminal();
            if (name == null && sendAs != null) {
                throw new CliException(CliException.USAGE, "--send-as needs a NAME");
            }
            char[] password = Passwords.read(terminal, passwordStdin);
            try {
                terminal.out().println(name == null ? UsersFile.hash(password) : UsersFile.line(name, password, sendAs));
                terminal.out().flush();
                return Verb.OK;
            } catch (IllegalArgumentException e) {
                throw new CliException(CliException.USAGE, e.getMessage());
            } finally {
                Arrays.fill(password, '\0');
            }
        }
    }
}
