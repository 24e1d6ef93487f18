// JMH: whole SMTP command lines through SmtpSession, from the bytes a socket delivers to the replies it writes.
package io.caravan.receive;

import io.caravan.receive.command.SmtpCommands;
import io.caravan.receive.connector.ConnectorSecurity;
import io.caravan.receive.connector.IpRanges;
import io.caravan.receive.connector.ReceiveConnectorsConfig;
import io.caravan.receive.connector.ConnectorSecurity.AuthMode;
import io.caravan.mail.ClientTrust;
import io.caravan.receive.connector.ConnectorSecurity.TlsMode;
import io.caravan.mail.MailAddress;
import io.caravan.queue.MessageSpool;
import io.caravan.receive.hook.SmtpHooks;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Lives in io.caravan.receive because the SmtpSession constructor and {@code onData} are
 * package-private. The session runs the real command table: line framing, verb split, PathArgument,
 * MailAddress, the parameter checks, SmtpTransaction and the reply text. It has no hooks (relay
 * control and routing need the Quarkus beans), a plain anonymous connector and a socket that only
 * keeps the length of what is written, so what is timed is parsing and replying, not policy or I/O.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SmtpSessionBenchmark {

    private static final String EHLO = "EHLO client.example.org\r\n";
    private static final String TRANSACTION = "MAIL FROM:<alice@example.org> SIZE=5120 BODY=8BITMIME\r\n"
            + "RCPT TO:<bob@example.com> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;bob@example.com\r\n"
            + "RSET\r\n";

    private Buffer ehlo;
    private Buffer transaction;
    private SmtpSession session;
    private String lastWrite = "";
    private long written;

    @Setup
    public void setUp() throws Exception {
        ehlo = Buffer.buffer(EHLO.getBytes(StandardCharsets.US_ASCII));
        transaction = Buffer.buffer(TRANSACTION.getBytes(StandardCharsets.US_ASCII));
        ConnectorSecurity security = new ConnectorSecurity(TlsMode.NONE, AuthMode.NONE,
                Set.of(ClientTrust.ANONYMOUS, ClientTrust.AUTHENTICATED, ClientTrust.RELAY), null);
        SmtpHooks noHooks = new SmtpHooks(List.of(), List.of(), List.of(), List.of(), List.of());
        ConnectorContext context = new ConnectorContext("default", TestConnector.defaults(), "mx.caravan.test",
                new MailAddress("postmaster", "caravan.test"), IpRanges.parse(List.of("127.0.0.0/8")), IpRanges.parse(List.of()),
                security, noHooks, new SmtpCommands(),
                new MessageSpool(Path.of(System.getProperty("java.io.tmpdir"), "caravan-bench-spool")), TestSession.NO_ROUTES);
        session = new SmtpSession(recordingSocket(), context, InetAddress.getByName("192.0.2.10"), false);

        session.onData(ehlo);
        expectOnlyPositiveReplies("EHLO");
        session.onData(transaction);
        expectOnlyPositiveReplies("MAIL, RCPT, RSET");
    }

    /** EHLO and its multi-line reply listing the extensions. */
    @Benchmark
    public long ehlo() {
        session.onData(ehlo);
        return written;
    }

    /** One pipelined packet: MAIL FROM with SIZE and BODY, RCPT TO with NOTIFY and ORCPT, RSET; three replies. */
    @Benchmark
    public long mailRcptRset() {
        session.onData(transaction);
        return written;
    }

    private void expectOnlyPositiveReplies(String what) {
        for (String line : lastWrite.split("\r\n")) {
            if (!line.startsWith("2")) {
                throw new IllegalStateException(what + " was answered with " + line);
            }
        }
    }

    /** A NetSocket that remembers the last write; every other call does nothing. */
    private NetSocket recordingSocket() {
        return (NetSocket) Proxy.newProxyInstance(NetSocket.class.getClassLoader(), new Class<?>[] {NetSocket.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("write") && args.length == 1 && args[0] instanceof String text) {
                        written += text.length();
                        lastWrite = text;
                    }
                    return method.getName().equals("toString") ? "benchmark socket" : null;
                });
    }
}
