// JMH: parsing the arguments of MAIL FROM and RCPT TO (path, ESMTP parameters, DSN syntax, the address itself).
package io.caravan.receive.command;

import io.caravan.mail.MailAddress;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Lives in io.caravan.receive.command because {@link PathArgument} and {@link DsnSyntax} are
 * package-private. Each benchmark does the parsing steps MailCommand and RcptCommand take, in their
 * order, on the argument as SmtpSession passes it (the text after the verb, stripped); the session
 * and hook work around them is measured by io.caravan.receive.SmtpSessionBenchmark.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CommandParsingBenchmark {

    private static final SmtpCommands VERBS = new SmtpCommands();

    private String mailArgument;
    private String rcptArgument;
    private String path;

    @Setup
    public void setUp() {
        mailArgument = argumentOf("MAIL FROM:<alice@example.org> SIZE=5120 BODY=8BITMIME");
        rcptArgument = argumentOf("RCPT TO:<bob@example.com> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;bob@example.com");
        path = "<alice@example.org>";
        PathArgument mail = PathArgument.parse(mailArgument, "FROM:");
        PathArgument rcpt = PathArgument.parse(rcptArgument, "TO:");
        if (mail == null || rcpt == null || !mail.path().equals(path) || mail.parameters().size() != 2
                || !DsnSyntax.isNotify(rcpt.parameters().get("NOTIFY")) || !DsnSyntax.isOrcpt(rcpt.parameters().get("ORCPT"))) {
            throw new IllegalStateException("the sample commands did not parse: " + mail + ", " + rcpt);
        }
    }

    /** "FROM:&lt;alice@example.org&gt; SIZE=5120 BODY=8BITMIME": the verb table, the path and parameters, the address. */
    @Benchmark
    public void mailFrom(Blackhole bh) {
        bh.consume(VERBS.forVerb("MAIL"));
        PathArgument arg = PathArgument.parse(mailArgument, "FROM:");
        Map<String, String> params = arg.parameters();
        bh.consume(Long.parseLong(params.get("SIZE")));
        bh.consume(params.get("BODY"));
        MailAddress sender = MailAddress.parse(arg.path());
        bh.consume(Ascii.isAscii(sender.address()));
    }

    /** "TO:&lt;bob@example.com&gt; NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;bob@example.com": as above, plus the DSN checks. */
    @Benchmark
    public void rcptTo(Blackhole bh) {
        bh.consume(VERBS.forVerb("RCPT"));
        PathArgument arg = PathArgument.parse(rcptArgument, "TO:");
        Map<String, String> params = arg.parameters();
        bh.consume(DsnSyntax.isNotify(params.get("NOTIFY")));
        bh.consume(DsnSyntax.isOrcpt(params.get("ORCPT")));
        MailAddress rcpt = MailAddress.parse(arg.path());
        bh.consume(Ascii.isAscii(rcpt.address()));
    }

    /** The path alone, to tell the address check apart from the parameter split. */
    @Benchmark
    public MailAddress addressOnly() {
        return MailAddress.parse(path);
    }

    /** Splits a line the way SmtpSession.execute does (that method is private); done once, in setup only. */
    private static String argumentOf(String line) {
        return line.substring(line.indexOf(' ') + 1).strip();
    }
}
