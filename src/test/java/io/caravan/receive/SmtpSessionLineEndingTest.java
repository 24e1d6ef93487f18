// Command-line framing of SmtpSession: CRLF only; a bare LF or bare CR gets 500 5.5.2, one reply per line.
package io.caravan.receive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.caravan.queue.MessageSpool;
import io.caravan.receive.ConnectorSecurity.AuthMode;
import io.caravan.receive.ConnectorSecurity.PermissionGroup;
import io.caravan.receive.ConnectorSecurity.TlsMode;
import io.caravan.receive.hook.SmtpHooks;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Drives a session with bytes as a socket delivers them and reads the reply lines it writes, with no
 * event loop and no hooks. Over real sockets: {@code it/SmtpDialogTest}.
 */
class SmtpSessionLineEndingTest {

    private final List<String> replies = new ArrayList<>();

    private SmtpSession session(boolean allowBareNewlines) throws Exception {
        ConnectorSecurity security = new ConnectorSecurity(TlsMode.NONE, AuthMode.NONE,
                Set.of(PermissionGroup.ANONYMOUS, PermissionGroup.AUTHENTICATED, PermissionGroup.RELAY), null);
        ConnectorContext context = new ConnectorContext("default", new Connector(allowBareNewlines), "mx.caravan.test",
                "caravan.test", IpRanges.parse(List.of()), IpRanges.parse(List.of()), security,
                new SmtpHooks(List.of(), List.of(), List.of(), List.of(), List.of()),
                new MessageSpool(Path.of("target", "never-used-spool")), null);
        SmtpSession session = new SmtpSession(recordingSocket(), context, InetAddress.getByName("192.0.2.10"), false);
        session.start();
        replies.clear(); // the banner
        return session;
    }

    private static void feed(SmtpSession session, String bytes) {
        session.onData(Buffer.buffer(bytes.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void aCommandEndedByCrLfIsAnswered() throws Exception {
        SmtpSession s = session(false);
        feed(s, "NOOP\r\n");
        assertEquals(List.of("250 2.0.0 Ok"), replies);
    }

    @Test
    void aCommandEndedByABareLfGets500AndIsNotRun() throws Exception {
        SmtpSession s = session(false);
        feed(s, "QUIT\n");
        assertEquals(List.of("500 5.5.2 Error: bare <LF> received"), replies);
        feed(s, "NOOP\r\n");
        assertEquals("250 2.0.0 Ok", replies.get(1), "the session goes on");
    }

    @Test
    void aBareCrInsideACommandLineGetsOne500ForTheWholeLine() throws Exception {
        SmtpSession s = session(false);
        feed(s, "NOOP\rQUIT\r\n");
        assertEquals(List.of("500 5.5.2 Error: bare <CR> received"), replies);
    }

    @Test
    void aCrBeforeTheCrLfIsABareCr() throws Exception {
        SmtpSession s = session(false);
        feed(s, "NOOP\r\r\n");
        assertEquals(List.of("500 5.5.2 Error: bare <CR> received"), replies);
    }

    @Test
    void pipelinedCommandsAfterARejectedBareLfLineGetExactlyOneReplyEach() throws Exception {
        SmtpSession s = session(false);
        feed(s, "EHLO client.test\nNOOP\r\nRSET\nVRFY x\r\nHELO client.test\r\n");
        assertEquals(List.of("500 5.5.2 Error: bare <LF> received", "250 2.0.0 Ok", "500 5.5.2 Error: bare <LF> received",
                "252 2.5.2 Cannot VRFY user, but will accept message and attempt delivery", "250 mx.caravan.test"), replies);
    }

    @Test
    void aCrLfSplitAcrossTwoPacketsIsStillACrLf() throws Exception {
        SmtpSession s = session(false);
        feed(s, "NOOP\r");
        assertEquals(List.of(), replies, "nothing is answered before the line is complete");
        feed(s, "\n");
        assertEquals(List.of("250 2.0.0 Ok"), replies);
    }

    @Test
    void bareLfLinesCountTowardsTheErrorLimit() throws Exception {
        SmtpSession s = session(false);
        feed(s, "NOOP\n".repeat(SmtpSession.ERROR_LIMIT));
        assertEquals(SmtpSession.ERROR_LIMIT + 1, replies.size());
        assertEquals("421 4.7.0 mx.caravan.test Too many errors, closing connection", replies.get(SmtpSession.ERROR_LIMIT));
    }

    @Test
    void aConnectorThatAllowsBareNewlinesTakesLfAsTheLineEnd() throws Exception {
        SmtpSession s = session(true);
        feed(s, "EHLO client.test\nNOOP\r\nRSET\n");
        assertEquals("250-mx.caravan.test", replies.get(0));
        assertEquals(List.of("250 2.0.0 Ok", "250 2.0.0 Ok"), replies.subList(replies.size() - 2, replies.size()));
    }

    /** A NetSocket that records each reply line written; every other call does nothing. */
    private NetSocket recordingSocket() {
        return (NetSocket) Proxy.newProxyInstance(NetSocket.class.getClassLoader(), new Class<?>[] {NetSocket.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("write") && args.length == 1 && args[0] instanceof String text) {
                        replies.addAll(Arrays.asList(text.split("\r\n")));
                    }
                    return method.getName().equals("toString") ? "test socket" : null;
                });
    }

    /** The connector defaults of ReceiveConnectorsConfig, without SmallRye Config. */
    private record Connector(boolean allowBareNewlines) implements ReceiveConnectorsConfig.ReceiveConnector {
        @Override public String bind() { return "127.0.0.1"; }
        @Override public int port() { return 0; }
        @Override public Optional<List<String>> relayRanges() { return Optional.empty(); }
        @Override public Optional<List<String>> remoteRanges() { return Optional.empty(); }
        @Override public List<String> permissionGroups() { return List.of("anonymous", "authenticated", "relay"); }
        @Override public int maxMessagesPerMinutePerIp() { return 0; }
        @Override public Optional<String> banner() { return Optional.empty(); }
        @Override public String auth() { return "none"; }
        @Override public String tls() { return "none"; }
        @Override public long maxMessageSize() { return 36_700_160; }
        @Override public int maxRecipients() { return 500; }
        @Override public int maxConnections() { return 500; }
        @Override public int maxConnectionsPerIp() { return 50; }
        @Override public Duration idleTimeout() { return Duration.ofMinutes(5); }
        @Override public int maxHops() { return 50; }
    }
}
