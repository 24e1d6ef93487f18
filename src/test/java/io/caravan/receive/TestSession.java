// Test fixture: an SmtpSession fed with bytes as a socket delivers them, recording the reply lines it writes.
package io.caravan.receive;

import io.caravan.receive.connector.ConnectorSecurity;
import io.caravan.receive.connector.IpRanges;
import io.caravan.receive.connector.ReceiveConnectorsConfig;
import io.caravan.mail.MailAddress;
import io.caravan.queue.MessageSpool;
import io.caravan.receive.connector.ConnectorSecurity.AuthMode;
import io.caravan.mail.ClientTrust;
import io.caravan.receive.command.SmtpCommands;
import io.caravan.receive.connector.ConnectorSecurity.TlsMode;
import io.caravan.receive.hook.SmtpHooks;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * No event loop, no hooks, an anonymous plaintext connector named "default" on host mx.caravan.test;
 * commands that would hand work to a worker (end of DATA, AUTH) are out of reach. The banner is read.
 */
final class TestSession {

    /** Every reply line written so far, without CRLF. */
    final List<String> replies = new ArrayList<>();
    final SmtpSession session;
    /** Whether the session closed the socket. */
    boolean closed;

    private TestSession(ConnectorContext context) {
        try {
            session = new SmtpSession(recordingSocket(), context, InetAddress.getByName("192.0.2.10"), false);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        session.start();
        replies.clear(); // the banner
    }

    static TestSession withBareNewlines(boolean allowed) {
        return new TestSession(context(TestConnector.defaults().withAllowBareNewlines(allowed), new MailAddress("postmaster", "caravan.test")));
    }

    static TestSession withPostmaster(MailAddress postmaster) {
        return new TestSession(context(TestConnector.defaults(), postmaster));
    }

    /** A session whose MAIL, RCPT and end of data go to this submitter instead of the routes. */
    static TestSession withSubmitter(ConnectorContext.Submitter submitter) {
        ConnectorContext c = context(TestConnector.defaults(), new MailAddress("postmaster", "caravan.test"));
        return new TestSession(new ConnectorContext(c.name(), c.settings(), c.hostname(), c.postmaster(), c.relayRanges(), c.remoteRanges(),
                c.security(), c.hooks(), c.verbs(), c.spool(), submitter));
    }

    /** Feeds the characters as ISO-8859-1 bytes, exactly as given. */
    void feed(String bytes) {
        session.onData(Buffer.buffer(bytes.getBytes(StandardCharsets.ISO_8859_1)));
    }

    private static ConnectorContext context(TestConnector connector, MailAddress postmaster) {
        ConnectorSecurity security = new ConnectorSecurity(TlsMode.NONE, AuthMode.NONE,
                Set.of(ClientTrust.ANONYMOUS, ClientTrust.AUTHENTICATED, ClientTrust.RELAY), null);
        return new ConnectorContext("default", connector, "mx.caravan.test", postmaster, IpRanges.parse(List.of()),
                IpRanges.parse(List.of()), security, new SmtpHooks(List.of(), List.of(), List.of(), List.of(), List.of()), new SmtpCommands(),
                new MessageSpool(Path.of("target", "never-used-spool")), NO_ROUTES);
    }

    /** No agents judge MAIL or RCPT, so they are answered at once; nothing that needs a route or a worker is reachable. */
    static final ConnectorContext.Submitter NO_ROUTES = new ConnectorContext.Submitter() {
        @Override
        public io.vertx.core.Future<io.caravan.mail.SmtpReply> submit(SmtpSession s, SmtpTransaction tx, String id, io.caravan.mail.RawMessage m) {
            throw new UnsupportedOperationException("no receive route in a TestSession");
        }

        @Override
        public boolean inspects(io.caravan.mail.SmtpPhase phase, SmtpSession s) {
            return false;
        }

        @Override
        public io.vertx.core.Future<PhaseAnswer> inspect(SmtpSession s, io.caravan.mail.SmtpPhase phase, SmtpTransaction tx, MailAddress rcpt) {
            throw new UnsupportedOperationException("no filter route in a TestSession");
        }

        @Override
        public io.vertx.core.Vertx vertx() {
            throw new UnsupportedOperationException("no Vert.x in a TestSession");
        }
    };

    /** A NetSocket that records each reply line written; every other call does nothing. */
    private NetSocket recordingSocket() {
        return (NetSocket) Proxy.newProxyInstance(NetSocket.class.getClassLoader(), new Class<?>[] {NetSocket.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("write") && args.length == 1 && args[0] instanceof String text) {
                        replies.addAll(Arrays.asList(text.split("\r\n")));
                    }
                    if (method.getName().equals("close")) {
                        closed = true;
                    }
                    return method.getName().equals("toString") ? "test socket" : null;
                });
    }
}
