// The receive connector's listener: a Camel consumer that speaks SMTP on Vert.x event loops.
package io.caravan.receive;

import io.caravan.receive.connector.ConnectorSecurity;
import io.caravan.receive.connector.ReceiveConnectorsConfig;
import io.caravan.mail.CaravanHeaders;
import io.caravan.mail.CarriedHold;
import io.caravan.mail.Envelope;
import io.caravan.mail.MailAddress;
import io.caravan.mail.RawMessage;
import io.caravan.mail.SmtpPhase;
import io.caravan.mail.SmtpReply;
import io.caravan.receive.hook.HookResult;
import io.caravan.tracking.Refusal;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultConsumer;
import org.jboss.logging.Logger;

import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One listening socket per receive connector, served by one NetServer per event loop (Vert.x
 * spreads connections across them), so there is no thread per connection. Each accepted message
 * becomes one exchange: the raw bytes with our Received field prepended, the envelope as
 * {@link CaravanHeaders}. The reply to the final dot waits for the route: 250 only when the
 * message was sent to the submission queue, the stage's own reply when it set one, else 451.
 */
final class SmtpServer extends DefaultConsumer implements ConnectorContext.Submitter {

    private static final Logger LOG = Logger.getLogger(SmtpServer.class);

    private final ReceiveConnectorEndpoint endpoint;
    private final Vertx vertx;
    private final List<NetServer> servers = new CopyOnWriteArrayList<>();
    private final Set<SmtpSession> sessions = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private final Map<InetAddress, AtomicInteger> perIp = new ConcurrentHashMap<>();
    private ConnectorContext context;
    private ProducerTemplate phaseRoutes;
    private long idleTimer = -1;
    private volatile int boundPort;
    /** Set at shutdown: new clients get 421 4.3.2, sessions end once their transaction is done. */
    private volatile boolean draining;

    SmtpServer(ReceiveConnectorEndpoint endpoint, Processor processor, Vertx vertx) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.vertx = vertx;
    }

    int boundPort() {
        return boundPort;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        context = endpoint.connectorContext(this);
        phaseRoutes = getEndpoint().getCamelContext().createProducerTemplate();
        ReceiveConnectorsConfig.ReceiveConnector settings = context.settings();
        // Vert.x shares one listening socket between NetServers that ask for the same host and port, so a
        // configured 0 ("any free port", for tests) is turned into one concrete port first.
        int port = settings.port() == 0 ? freePort(settings.bind()) : settings.port();
        int loops = Math.max(1, 2 * Runtime.getRuntime().availableProcessors());
        for (int i = 0; i < loops; i++) {
            listen(settings.bind(), port);
        }
        boundPort = port;
        long idle = settings.idleTimeout().toNanos();
        long data = settings.dataTimeout().toNanos();
        long shortest = Math.min(settings.idleTimeout().toMillis(), settings.dataTimeout().toMillis());
        long period = Math.max(1000, Math.min(shortest / 4, 30_000));
        idleTimer = vertx.setPeriodic(period, t -> {
            long now = System.nanoTime();
            sessions.forEach(s -> s.closeIfExpired(idle, data, now));
        });
        LOG.infof("Receive connector '%s' listening on %s:%d (max message size %d bytes)",
                context.name(), settings.bind(), port, settings.maxMessageSize());
    }

    private static int freePort(String host) throws java.io.IOException {
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, InetAddress.getByName(host))) {
            return probe.getLocalPort();
        }
    }

    /** Binds one NetServer on a fresh event-loop context; returns the port actually bound. */
    private int listen(String host, int port) throws Exception {
        Context loop = vertx.getOrCreateContext();
        NetServerOptions options = new NetServerOptions().setHost(host).setPort(port).setTcpNoDelay(true);
        ConnectorSecurity security = context.security();
        if (security.needsTlsMaterial()) {
            options.setKeyCertOptions(endpoint.tlsMaterial().keyCertOptions());
            io.caravan.receive.tls.TlsProtocols.restrict(options);
            options.setSsl(security.tls() == ConnectorSecurity.TlsMode.IMPLICIT);
        }
        java.util.concurrent.CompletableFuture<Integer> bound = new java.util.concurrent.CompletableFuture<>();
        loop.runOnContext(v -> {
            NetServer server = vertx.createNetServer(options).connectHandler(this::accept);
            server.listen().onComplete(ar -> {
                if (ar.succeeded()) {
                    servers.add(server);
                    bound.complete(ar.result().actualPort());
                } else {
                    bound.completeExceptionally(ar.cause());
                }
            });
        });
        try {
            return bound.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(bindFailure(host, port, e.getCause()), e.getCause());
        }
    }

    private String bindFailure(String host, int port, Throwable cause) {
        String key = "caravan.receive-connectors." + context.name() + ".port";
        String why = String.valueOf(cause.getMessage());
        if (port < 1024 && why.toLowerCase(java.util.Locale.ROOT).contains("permission")) {
            return "Receive connector '" + context.name() + "' cannot listen on " + host + ":" + port
                    + ": permission denied. Ports below 1024 need root or CAP_NET_BIND_SERVICE; set " + key
                    + " to a port above 1023 (e.g. 2525).";
        }
        String inUse = cause instanceof BindException || why.contains("in use") ? " (is another mail server running?)" : "";
        return "Receive connector '" + context.name() + "' cannot listen on " + host + ":" + port + ": " + why + inUse
                + ". Check " + key + " and caravan.receive-connectors." + context.name() + ".bind.";
    }

    private void accept(NetSocket socket) {
        InetAddress client;
        try {
            client = InetAddress.getByName(socket.remoteAddress().hostAddress());
        } catch (UnknownHostException e) {
            socket.close();
            return;
        }
        if (draining) {
            socket.write(SmtpReply.of(421, "4.3.2", context.hostname() + " Service shutting down, try again later").toWire());
            socket.close();
            return;
        }
        ReceiveConnectorsConfig.ReceiveConnector settings = context.settings();
        AtomicInteger fromIp = perIp.computeIfAbsent(client, k -> new AtomicInteger());
        int total = connections.incrementAndGet();
        int mine = fromIp.incrementAndGet();
        SmtpSession session = new SmtpSession(socket, context, client, context.security().tls() == ConnectorSecurity.TlsMode.IMPLICIT);
        socket.closeHandler(v -> {
            session.markClosed();
            sessions.remove(session);
            connections.decrementAndGet();
            if (fromIp.decrementAndGet() == 0) {
                perIp.remove(client, fromIp);
            }
        });
        boolean ipFull = mine > settings.maxConnectionsPerIp();
        if ((total > settings.maxConnections() || ipFull) && makeRoom(ipFull ? s -> s.clientAddress().equals(client) : s -> true)) {
            LOG.debugf("Receive connector '%s' full: a stalled session was closed for a new one from %s", context.name(),
                    client.getHostAddress());
        } else if (total > settings.maxConnections() || ipFull) {
            String scope = total > settings.maxConnections() ? "connections" : "connections from your address";
            SmtpReply full = SmtpReply.of(421, "4.7.0", context.hostname() + " Too many " + scope + ", try again later");
            socket.write(full.toWire());
            refused(new Refusal("connect", context.name(), client.getHostAddress(), "", "", null, List.of(), full));
            socket.close();
            return;
        }
        sessions.add(session);
        socket.handler(session::onData);
        socket.exceptionHandler(e -> LOG.debugf("%s: %s", session, e.getMessage()));
        session.start();
    }

    /**
     * When the connector (or one address's share of it) is full, the session among {@code eligible} that has
     * gone longest without progress makes way (421 4.4.2), provided it has been stalled for at least
     * evict-idle-after: a session that completed a command more recently, or is receiving a message at 1 KiB/s
     * or more, or is queueing one, is never chosen. So a flood of new connections can only push out sessions
     * that are idle themselves (its own among them), never one that is working; when there is none, the new
     * client gets 421 4.7.0 as before. False when no session may go.
     */
    private boolean makeRoom(java.util.function.Predicate<SmtpSession> eligible) {
        long grace = context.settings().evictIdleAfter().toNanos();
        for (int attempt = 0; attempt < 3; attempt++) {
            long now = System.nanoTime();
            SmtpSession oldest = null;
            long oldestSince = Long.MAX_VALUE;
            for (SmtpSession s : sessions) {
                long since = s.stalledSince(now, grace);
                if (since != Long.MAX_VALUE && now - since >= grace && since < oldestSince && eligible.test(s)) {
                    oldest = s;
                    oldestSince = since;
                }
            }
            if (oldest == null) {
                return false;
            }
            if (oldest.evict()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Vertx vertx() {
        return vertx;
    }

    @Override
    public Future<SmtpReply> submit(SmtpSession session, SmtpTransaction tx, String queueId, RawMessage message) {
        Envelope envelope = envelope(session, tx);
        endpoint.events().receiving(queueId);
        return vertx.executeBlocking(() -> {
            try {
                return runRoute(session, tx, envelope, message);
            } finally {
                message.release(); // on the queue now, or refused: the spooled copy is no longer needed
            }
        }, false).andThen(done -> endpoint.events().receptionEnded(queueId)); // whatever became of it, even a rejected task
    }

    @Override
    public void refused(Refusal refusal) {
        endpoint.events().refused(refusal);
    }

    private SmtpReply runRoute(SmtpSession session, SmtpTransaction tx, Envelope envelope, RawMessage message) {
        HookResult hook = context.hooks().onEndOfData(session, envelope, message);
        if (hook.refuses()) {
            return hook.reply();
        }
        Exchange exchange = createExchange(false);
        try {
            exchange.getIn().setBody(message);
            describe(exchange, session, tx, envelope);
            exchange.getIn().setHeader(CaravanHeaders.DUPLICATE_ID, envelope.queueId());
            getProcessor().process(exchange);
            SmtpReply reply = replyFor(exchange, envelope.queueId());
            if (reply.isPositive()) { // queued, quarantined or (by an agent's delete action) dropped: received either way
                endpoint.events().received(envelope, message, session.tlsIn());
            }
            return reply;
        } catch (Exception e) {
            LOG.errorf(e, "Queue id %s: receive route failed", envelope.queueId());
            return notQueued();
        } finally {
            if (exchange.getIn().getBody() instanceof RawMessage last && last != message) {
                last.release(); // an agent's rewrite (an attachment stripped) may be spooled to a file of its own
            }
            releaseExchange(exchange, false);
        }
    }

    private Envelope envelope(SmtpSession session, SmtpTransaction tx) {
        long now = System.currentTimeMillis();
        return new Envelope(tx.queueId(), tx.sender(), List.copyOf(tx.recipients()), tx.bodyType(), context.name(),
                session.clientAddress().getHostAddress(), session.heloName(), now, now + endpoint.expiry().toMillis(), 0, tx.dsn(),
                tx.messageId());
    }

    /** What every route of the session is told: the envelope so far, the client, and what the agents keep. */
    private static void describe(Exchange exchange, SmtpSession session, SmtpTransaction tx, Envelope envelope) {
        envelope.writeTo(exchange.getIn().getHeaders());
        exchange.getIn().setHeader(CaravanHeaders.CLIENT_TRUST, session.trust().wire());
        session.authenticatedUser().ifPresent(u -> exchange.getIn().setHeader(CaravanHeaders.AUTHENTICATED_USER, u));
        exchange.setProperty(CaravanHeaders.SESSION_ATTRIBUTES, session.attributes());
        if (tx.verdicts() != null) {
            exchange.setProperty(CaravanHeaders.TRANSACTION_VERDICTS, tx.verdicts());
        }
        carryHold(exchange, tx.verdicts());
    }

    /** A hold chosen at MAIL or RCPT holds the message whatever the end-of-data route runs. */
    static void carryHold(Exchange exchange, Object decided) {
        if (decided instanceof CarriedHold carried) {
            carried.heldAs().ifPresent(hold -> exchange.setProperty(CaravanHeaders.HOLD, hold));
        }
    }

    @Override
    public boolean inspects(SmtpPhase phase, SmtpSession session) {
        return endpoint.inspectionGate().inspects(phase, session.trust(), context.name())
                && getEndpoint().getCamelContext().getRoute(phase.routeId()) != null;
    }

    @Override
    public Future<PhaseAnswer> inspect(SmtpSession session, SmtpPhase phase, SmtpTransaction tx, MailAddress recipient) {
        Envelope envelope = envelope(session, tx);
        return vertx.executeBlocking(() -> runPhase(session, phase, tx, envelope, recipient), false);
    }

    /** Runs routes/20-filter.yaml's route for MAIL or RCPT; an exception fails the future (the client gets 451). */
    private PhaseAnswer runPhase(SmtpSession session, SmtpPhase phase, SmtpTransaction tx, Envelope envelope, MailAddress recipient)
            throws Exception {
        Exchange exchange = createExchange(false);
        try {
            describe(exchange, session, tx, envelope);
            exchange.getIn().setHeader(CaravanHeaders.SMTP_PHASE, phase.wire());
            if (recipient != null) {
                exchange.getIn().setHeader(CaravanHeaders.RCPT_TO, recipient.address());
            }
            phaseRoutes.send("direct:" + phase.routeId(), exchange);
            if (exchange.getException() != null) {
                throw exchange.getException();
            }
            SmtpReply reply = exchange.getIn().getHeader(CaravanHeaders.SMTP_REPLY, SmtpReply.class);
            Long delay = exchange.getIn().getHeader(CaravanHeaders.REPLY_DELAY, Long.class);
            return new PhaseAnswer(reply == null || reply.isPositive() ? null : reply, delay == null ? Duration.ZERO : Duration.ofMillis(delay),
                    exchange.getProperty(CaravanHeaders.TRANSACTION_VERDICTS));
        } finally {
            releaseExchange(exchange, false);
        }
    }

    /** The reply to the final dot once the route has run: the one place invariant 1 is enforced. */
    static SmtpReply replyFor(Exchange exchange, String queueId) {
        if (exchange.getException() != null) {
            LOG.errorf(exchange.getException(), "Queue id %s: receive route failed, client told to retry", queueId);
            return notQueued();
        }
        SmtpReply chosen = exchange.getIn().getHeader(CaravanHeaders.SMTP_REPLY, SmtpReply.class);
        if (chosen != null) {
            return chosen;
        }
        if (SubmissionWatch.queued(exchange)) {
            return SmtpReply.of(250, "2.0.0", "Ok: queued as " + queueId);
        }
        LOG.errorf("Queue id %s: the receive route ended without sending the message to a stage queue"
                + " or choosing a reply (header %s); client told to retry", queueId, CaravanHeaders.SMTP_REPLY);
        return notQueued();
    }

    private static SmtpReply notQueued() {
        return SmtpReply.of(451, "4.3.0", "Temporary failure, message not queued; try again later");
    }

    /**
     * The first step of a graceful stop (SIGTERM): the listeners stay bound but answer 421 4.3.2, a session between
     * transactions ends now, one in a transaction ends after it (its 250 means durable as ever).
     */
    void drain() {
        draining = true;
        sessions.forEach(SmtpSession::drainOnItsLoop);
    }

    /** No session left: the drain is over for this connector. */
    boolean drained() {
        return sessions.isEmpty();
    }

    @Override
    protected void doStop() throws Exception {
        if (idleTimer >= 0) {
            vertx.cancelTimer(idleTimer);
        }
        for (NetServer server : servers) {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        servers.clear();
        sessions.forEach(s -> s.shutdownOnItsLoop());
        if (phaseRoutes != null) {
            phaseRoutes.close();
        }
        super.doStop();
    }
}
