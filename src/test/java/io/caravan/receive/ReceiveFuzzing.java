// Test-only door into the package-private receive classes for the fuzz tests in io.caravan.fuzz.
package io.caravan.receive;

import io.caravan.mail.ClientTrust;
import io.caravan.mail.Envelope;
import io.caravan.mail.MailAddress;
import io.caravan.mail.RawMessage;
import io.caravan.mail.SmtpReply;
import io.caravan.queue.MessageSpool;
import io.caravan.receive.command.SmtpCommands;
import io.caravan.receive.connector.ConnectorSecurity;
import io.caravan.receive.connector.ConnectorSecurity.AuthMode;
import io.caravan.receive.connector.ConnectorSecurity.TlsMode;
import io.caravan.receive.connector.IpRanges;
import io.caravan.receive.connector.ReceiveConnectorsConfig;
import io.caravan.receive.hook.SmtpHooks;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Only what the fuzz tests need: a whole {@link SmtpSession} on a fake socket (no event loop, no
 * hooks, a submitter that checks the envelope survives the queue's header codec), and the DATA and
 * BDAT readers fed in chunks. Nothing here changes how those classes behave.
 */
public final class ReceiveFuzzing {

    /** Small enough that fuzz inputs reach it, so the size limit is exercised too. */
    public static final long MAX_MESSAGE_SIZE = 2000;

    private static final MessageSpool SPOOL = new MessageSpool(Path.of("target", "fuzz-spool"));

    private ReceiveFuzzing() {
    }

    /** What a reader made of a byte stream. */
    public record Outcome(int consumed, boolean finished, SmtpReply rejection, byte[] message) {
    }

    /** One session of a connector without hooks, TLS or AUTH, from a client in its relay range. */
    public static final class Session {

        private final StringBuilder written = new StringBuilder();
        private final SmtpSession session;
        private boolean closed;
        private int messages;

        Session() {
            ConnectorSecurity security = new ConnectorSecurity(TlsMode.NONE, AuthMode.NONE,
                    Set.of(ClientTrust.ANONYMOUS, ClientTrust.AUTHENTICATED, ClientTrust.RELAY), null);
            SmtpHooks noHooks = new SmtpHooks(List.of(), List.of(), List.of(), List.of(), List.of());
            ConnectorContext context = new ConnectorContext("default", new Connector(), "mx.caravan.test",
                    new MailAddress("postmaster", "caravan.test"), IpRanges.parse(List.of("127.0.0.0/8")),
                    IpRanges.parse(List.of()), security, noHooks, new SmtpCommands(), SPOOL, new RoundTripSubmitter());
            try {
                session = new SmtpSession(socket(), context, InetAddress.getByName("127.0.0.1"), false);
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e);
            }
            session.start();
        }

        /** One network read. */
        public void receive(byte[] chunk) {
            session.onData(Buffer.buffer(chunk));
        }

        /** Everything written to the client so far. */
        public String written() {
            return written.toString();
        }

        public boolean closed() {
            return closed;
        }

        /** Messages handed to the submitter. */
        public int messages() {
            return messages;
        }

        /** Drops whatever a transfer in progress has spooled, as a closed connection does. */
        public void end() {
            session.markClosed();
        }

        private NetSocket socket() {
            return (NetSocket) Proxy.newProxyInstance(NetSocket.class.getClassLoader(), new Class<?>[] {NetSocket.class},
                    (proxy, method, args) -> {
                        switch (method.getName()) {
                            case "write" -> written.append(args[0]);
                            case "close" -> closed = true;
                            case "toString" -> {
                                return "fuzz socket";
                            }
                            default -> {
                            }
                        }
                        return null;
                    });
        }

        /** Builds the envelope as SmtpServer does and checks that writeTo/readFrom gives it back unchanged. */
        private final class RoundTripSubmitter implements ConnectorContext.Submitter {
            @Override
            public Future<SmtpReply> submit(SmtpSession s, SmtpTransaction tx, String queueId, RawMessage message) {
                messages++;
                try {
                    Envelope envelope = new Envelope(queueId, tx.sender(), tx.recipients(), tx.bodyType(), "default",
                            s.clientAddress().getHostAddress(), s.heloName(), 1, 2, 0, tx.dsn());
                    Map<String, Object> headers = new HashMap<>();
                    envelope.writeTo(headers);
                    Envelope back = Envelope.readFrom(headers);
                    if (!back.equals(envelope)) {
                        throw new AssertionError("the envelope changed on the queue: " + envelope + " came back as " + back);
                    }
                } finally {
                    message.release();
                }
                return Future.succeededFuture(SmtpReply.of(250, "2.0.0", "Ok: queued as " + queueId));
            }

            @Override
            public Vertx vertx() {
                throw new UnsupportedOperationException("no worker pool in the fuzz session (AUTH is off)");
            }

            @Override
            public boolean inspects(io.caravan.mail.SmtpPhase phase, SmtpSession s) {
                return false; // no agents: MAIL and RCPT are answered at once
            }

            @Override
            public Future<PhaseAnswer> inspect(SmtpSession s, io.caravan.mail.SmtpPhase phase, SmtpTransaction tx, MailAddress rcpt) {
                throw new UnsupportedOperationException("no filter routes in the fuzz session");
            }
        }
    }

    public static Session session() {
        return new Session();
    }

    /** Feeds {@code stream} to a DATA reader in the given read sizes (cycled), stopping at the end of data. */
    public static Outcome data(byte[] stream, int[] readSizes) {
        DataReader reader = new DataReader(new byte[] {'R', '\r', '\n'}, MAX_MESSAGE_SIZE, SPOOL);
        int pos = 0;
        for (int i = 0; pos < stream.length && !reader.finished(); i++) {
            int end = Math.min(stream.length, pos + readSizes[i % readSizes.length]);
            int used = reader.feed(stream, pos, end);
            if (used < 0 || used > end - pos || (used < end - pos && !reader.finished())) {
                throw new AssertionError("DataReader used " + used + " of " + (end - pos) + " bytes");
            }
            pos += used;
        }
        SmtpReply rejection = reader.finished() ? reader.rejection() : null;
        RawMessage message = reader.finished() ? reader.message() : null;
        if (!reader.finished()) {
            reader.discard();
        }
        return new Outcome(pos, reader.finished(), rejection, bytesOf(message));
    }

    /**
     * Feeds {@code stream} as BDAT chunks of the announced sizes (the last one LAST) in the given read
     * sizes, as SmtpSession does: a chunk's bytes go to the reader until it has them all.
     */
    public static Outcome bdat(byte[] stream, long[] chunkSizes, int[] readSizes) {
        BdatMessage bdat = new BdatMessage(new byte[] {'R', '\r', '\n'}, MAX_MESSAGE_SIZE, SPOOL);
        int pos = 0;
        int read = 0;
        for (int c = 0; c < chunkSizes.length; c++) {
            bdat.startChunk(chunkSizes[c], c == chunkSizes.length - 1);
            while (bdat.inChunk() && pos < stream.length) {
                int end = Math.min(stream.length, pos + readSizes[read++ % readSizes.length]);
                int used = bdat.feed(stream, pos, end);
                if (used <= 0 || used > end - pos) {
                    throw new AssertionError("BdatMessage used " + used + " of " + (end - pos) + " bytes");
                }
                pos += used;
            }
            if (bdat.inChunk()) {
                bdat.discard(); // the client went away mid-chunk
                return new Outcome(pos, false, null, null);
            }
        }
        SmtpReply rejection = bdat.rejection();
        return new Outcome(pos, true, rejection, bytesOf(bdat.message()));
    }

    private static byte[] bytesOf(RawMessage message) {
        if (message == null) {
            return null;
        }
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            message.writeTo(out);
            return out.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            message.release();
        }
    }

    /** The connector defaults of ReceiveConnectorsConfig, with a small size limit. */
    private static final class Connector implements ReceiveConnectorsConfig.ReceiveConnector {
        @Override public String bind() { return "127.0.0.1"; }
        @Override public int port() { return 0; }
        @Override public Optional<List<String>> relayRanges() { return Optional.of(List.of("127.0.0.0/8")); }
        @Override public Optional<List<String>> remoteRanges() { return Optional.empty(); }
        @Override public List<String> permissionGroups() { return List.of("anonymous", "authenticated", "relay"); }
        @Override public int maxMessagesPerMinutePerIp() { return 0; }
        @Override public Optional<String> banner() { return Optional.empty(); }
        @Override public String auth() { return "none"; }
        @Override public String tls() { return "none"; }
        @Override public long maxMessageSize() { return MAX_MESSAGE_SIZE; }
        @Override public int maxRecipients() { return 5; }
        @Override public int maxConnections() { return 500; }
        @Override public int maxConnectionsPerIp() { return 50; }
        @Override public Duration idleTimeout() { return Duration.ofMinutes(5); }
        @Override public int maxHops() { return 50; }
        @Override public boolean allowBareNewlines() { return false; }
        @Override public Duration dataTimeout() { return Duration.ofMinutes(10); }
        @Override public Duration evictIdleAfter() { return Duration.ofSeconds(10); }
        @Override public int maxLineLength() { return 1000; }
    }
}
