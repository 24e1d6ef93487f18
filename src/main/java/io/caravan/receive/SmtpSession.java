// One SMTP connection on an event loop: reads command lines, DATA and BDAT, runs commands, writes replies.
package io.caravan.receive;

import io.caravan.mail.ClientTrust;
import io.caravan.mail.MailAddress;
import io.caravan.mail.MessageIds;
import io.caravan.mail.QueueIds;
import io.caravan.mail.RawMessage;
import io.caravan.mail.SmtpPhase;
import io.caravan.mail.SmtpReply;
import io.caravan.receive.hook.HookResult;
import io.caravan.receive.hook.SessionInfo;
import io.caravan.tracking.Refusal;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import org.jboss.logging.Logger;

import java.net.InetAddress;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The conversation with one client (RFC 5321 §4.1, pipelined per RFC 2920). All methods run on the
 * connection's event-loop thread; blocking work (handing a message to the routes, checking a
 * password) runs on a worker and comes back here with the reply. While it runs the socket is
 * paused, so commands the client pipelined behind it wait their turn, in order. So do MAIL and RCPT when an
 * inspection agent judges them (routes/20-filter.yaml, routes 20-filter-mail and 20-filter-rcpt).
 */
public final class SmtpSession implements SessionInfo {

    private static final Logger LOG = Logger.getLogger(SmtpSession.class);

    /** RFC 5321 §4.5.3.1.4: 512 octets for a command line, CRLF included. */
    static final int COMMAND_LINE_LIMIT = 512;
    /** MAIL and RCPT lines grow with ESMTP parameters (SIZE +26 by RFC 1870, DSN +100/+500 by RFC 3461). */
    static final int PARAMETER_LINE_LIMIT = 1024;
    /** RFC 4954 §4: an AUTH line (or a SASL response) may be up to 12288 octets. */
    static final int AUTH_LINE_LIMIT = 12288;
    /** After this many bad commands the client is disconnected, as Postfix's smtpd_hard_error_limit does. */
    static final int ERROR_LIMIT = 20;
    /** A command line ended by LF alone (unless the connector's allow-bare-newlines is set). */
    static final SmtpReply BARE_LF = SmtpReply.of(500, "5.5.2", "Error: bare <LF> received");
    /** A command line with a CR that is not followed by LF. */
    static final SmtpReply BARE_CR = SmtpReply.of(500, "5.5.2", "Error: bare <CR> received");

    private final NetSocket socket;
    private final Context loop = Vertx.currentContext();
    private final ConnectorContext connector;
    private final InetAddress client;
    private final boolean relayClient;

    private byte[] in = new byte[4096];
    private int inStart;
    private int inEnd;
    private boolean discardingLongLine;
    private DataReader data;
    private BdatMessage bdat;
    private Consumer<String> saslContinuation;
    private volatile boolean busy;
    private volatile boolean closed;
    private boolean closeAfterFlush;
    private final StringBuilder out = new StringBuilder();
    private final Utf8Line utf8 = new Utf8Line();
    private int errors;
    private final SessionClock clock = new SessionClock(System.nanoTime());
    private final java.util.concurrent.atomic.AtomicBoolean evicting = new java.util.concurrent.atomic.AtomicBoolean();

    private boolean secure;
    private String authenticatedUser;
    private String heloName = "";
    private boolean extended;
    /** What agents keep for as long as the connection lasts ({@link io.caravan.mail.CaravanHeaders#SESSION_ATTRIBUTES}). */
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();
    private SmtpTransaction transaction;
    private long discarding;
    private SmtpReply afterDiscard;

    SmtpSession(NetSocket socket, ConnectorContext connector, InetAddress client, boolean implicitTls) {
        this.socket = socket;
        this.connector = connector;
        this.client = client;
        this.relayClient = connector.relayRanges().contains(client);
        this.secure = implicitTls;
    }

    /** Runs the connect hooks and sends the banner, or the refusal and closes. */
    void start() {
        HookResult r = connector.hooks().onConnect(this);
        if (r.refuses()) {
            refuse(new Refusal("connect", connector.name(), client.getHostAddress(), "", "", null, List.of(), r.reply()));
            closeAfterFlush();
        } else {
            reply(SmtpReply.of(220, "", connector.bannerName() + " ESMTP Caravan"));
        }
        flush();
    }

    void onData(Buffer buffer) {
        clock.bytesArrived(System.nanoTime(), buffer.length());
        if (closed) {
            return;
        }
        append(buffer);
        process();
        flush();
    }

    private void append(Buffer buffer) {
        int n = buffer.length();
        if (inStart == inEnd) {
            inStart = inEnd = 0;
        }
        if (inEnd + n > in.length) {
            int live = inEnd - inStart;
            byte[] target = live + n > in.length ? new byte[Math.max(in.length * 2, live + n)] : in;
            System.arraycopy(in, inStart, target, 0, live);
            in = target;
            inStart = 0;
            inEnd = live;
        }
        buffer.getBytes(0, n, in, inEnd);
        inEnd += n;
    }

    private void process() {
        while (!busy && !closed && !closeAfterFlush && inStart < inEnd) {
            if (data != null) {
                inStart += data.feed(in, inStart, inEnd);
                if (data.finished()) {
                    DataReader reader = data;
                    data = null;
                    RawMessage message = reader.message();
                    endOfMessage(message, reader.rejection());
                }
                continue;
            }
            if (discarding > 0) {
                int n = (int) Math.min(discarding, inEnd - inStart);
                inStart += n;
                discarding -= n;
                if (discarding == 0) {
                    clock.dataEnded(System.nanoTime());
                    error(afterDiscard);
                }
                continue;
            }
            if (bdat != null && bdat.inChunk()) {
                inStart += bdat.feed(in, inStart, inEnd);
                if (!bdat.inChunk()) {
                    chunkDone();
                }
                continue;
            }
            int lf = indexOfLf();
            int ceiling = saslContinuation != null ? AUTH_LINE_LIMIT : PARAMETER_LINE_LIMIT;
            if (lf < 0) {
                if (discardingLongLine) {
                    inStart = inEnd; // more of a line already answered: one line, one reply
                } else if (inEnd - inStart > Math.max(ceiling, AUTH_LINE_LIMIT)) {
                    saslContinuation = null; // an AUTH exchange ends with this reply
                    lineTooLong();
                    discardingLongLine = true;
                    inStart = inEnd;
                }
                return;
            }
            int lineStart = inStart;
            inStart = lf + 1;
            clock.progressed(System.nanoTime()); // a whole line: bytes alone never reset the idle clock
            if (discardingLongLine) {
                discardingLongLine = false; // the tail of a line already answered
                continue;
            }
            boolean crlf = lf > lineStart && in[lf - 1] == '\r';
            int end = crlf ? lf - 1 : lf;
            SmtpReply bare = connector.settings().allowBareNewlines() ? null : bareNewline(lineStart, end, crlf);
            if (bare != null) {
                saslContinuation = null; // an AUTH exchange ends with this reply
                error(bare);
                continue;
            }
            String line = utf8.decode(in, lineStart, end - lineStart);
            if (line == null) {
                saslContinuation = null;
                error(Utf8Line.refusal(in, lineStart, end - lineStart));
                continue;
            }
            int length = lf + 1 - lineStart + (end == lf ? 1 : 0);
            if (saslContinuation != null) {
                Consumer<String> next = saslContinuation;
                saslContinuation = null;
                if (length > AUTH_LINE_LIMIT) {
                    lineTooLong();
                } else {
                    next.accept(line);
                }
                continue;
            }
            if (length > limitFor(line)) {
                lineTooLong();
                continue;
            }
            execute(line);
        }
    }

    /**
     * A command line must end in CRLF and hold no other CR (RFC 5321 §2.3.8), as Postfix's
     * {@code smtpd_forbid_bare_newline = yes} insists; the line up to the LF gets one reply.
     */
    private SmtpReply bareNewline(int lineStart, int end, boolean crlf) {
        if (!crlf) {
            return BARE_LF;
        }
        for (int i = lineStart; i < end; i++) {
            if (in[i] == '\r') {
                return BARE_CR;
            }
        }
        return null;
    }

    private int indexOfLf() {
        for (int i = inStart; i < inEnd; i++) {
            if (in[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static int limitFor(String line) {
        String verb = line.length() >= 4 ? line.substring(0, 4) : line;
        if (verb.equalsIgnoreCase("AUTH")) {
            return AUTH_LINE_LIMIT;
        }
        return verb.equalsIgnoreCase("MAIL") || verb.equalsIgnoreCase("RCPT") ? PARAMETER_LINE_LIMIT : COMMAND_LINE_LIMIT;
    }

    private void lineTooLong() {
        error(SmtpReply.of(500, "5.5.2", "Line too long"));
    }

    private void execute(String line) {
        int space = line.indexOf(' ');
        String verb = (space < 0 ? line : line.substring(0, space)).toUpperCase(java.util.Locale.ROOT);
        String argument = space < 0 ? "" : line.substring(space + 1).strip();
        try {
            connector.verbs().forVerb(verb).execute(this, argument);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Session from %s: command %s failed", client.getHostAddress(), verb);
            reply(SmtpReply.of(451, "4.3.0", "Internal error, try again later"));
        }
    }

    // ---- used by the commands ----

    /** A 421 reply closes the connection once it is written (RFC 5321 §3.8: the server is closing the channel). */
    public void reply(SmtpReply reply) {
        out.append(reply.toWire());
        if (reply.code() == 421) {
            closeAfterFlush();
        } else if (errors >= ERROR_LIMIT && !closeAfterFlush) {
            out.append(SmtpReply.of(421, "4.7.0", connector.hostname() + " Too many errors, closing connection").toWire());
            closeAfterFlush();
        }
    }

    /** A reply that also counts towards the error limit (syntax and sequence errors). */
    public void error(SmtpReply reply) {
        errors++;
        reply(reply);
    }

    public ConnectorContext connectorContext() {
        return connector;
    }

    public void greet(String name, boolean esmtp) {
        this.heloName = name;
        this.extended = esmtp;
        this.transaction = null;
        dropBdat();
    }

    public boolean hasGreeted() {
        return !heloName.isEmpty();
    }

    public boolean isSecure() {
        return secure;
    }

    /** "TLSv1.3 TLS_AES_128_GCM_SHA256": the protocol and cipher of this connection, empty without TLS. */
    public String tlsIn() {
        javax.net.ssl.SSLSession tls = secure && socket.isSsl() ? socket.sslSession() : null;
        return tls == null ? "" : tls.getProtocol() + " " + tls.getCipherSuite();
    }

    public SmtpTransaction transaction() {
        return transaction;
    }

    /**
     * MAIL passed the built-in checks: the transaction gets its queue id, the MAIL agents (if any apply to this
     * client) have their say, and the client gets 250 or their refusal.
     */
    public void mailAccepted(MailAddress sender, Map<String, String> parameters) {
        SmtpTransaction tx = new SmtpTransaction(sender, parameters, QueueIds.next());
        inspectThen(SmtpPhase.MAIL, tx, null, () -> {
            transaction = tx;
            reply(SmtpReply.of(250, "2.1.0", "Ok"));
        });
    }

    /** RCPT passed the built-in checks (relay control, routing): the RCPT agents have their say, then 250 or their refusal. */
    public void recipientAccepted(SmtpTransaction tx, MailAddress rcpt, String notify, String orcpt) {
        inspectThen(SmtpPhase.RCPT, tx, rcpt, () -> {
            tx.addRecipient(rcpt, notify, orcpt);
            reply(SmtpReply.of(250, "2.1.5", "Ok"));
        });
    }

    /**
     * Runs the phase's filter route on a worker, unless no agent applies to this client here: then at once.
     * A refusal is the reply (a 421 also closes); a route that fails answers 451 4.3.0, never 250. The reply
     * may be delayed by the route (a timer on the event loop: no thread waits), the session paused meanwhile.
     */
    private void inspectThen(SmtpPhase phase, SmtpTransaction tx, MailAddress rcpt, Runnable accepted) {
        ConnectorContext.Submitter submitter = connector.submitter();
        if (!submitter.inspects(phase, this)) {
            accepted.run();
            return;
        }
        onWorker(() -> submitter.inspect(this, phase, tx, rcpt).compose(this::afterDelay), ar -> {
            if (ar.failed()) {
                LOG.errorf(ar.cause(), "Queue id %s: the %s filter route failed", tx.queueId(), phase.wire());
                refuse(phase, tx, rcpt, SmtpReply.of(451, "4.3.0", "Temporary failure, try again later"));
                return;
            }
            PhaseAnswer answer = ar.result();
            tx.verdicts(answer.verdicts());
            if (answer.refusal() != null) {
                refuse(phase, tx, rcpt, answer.refusal());
            } else {
                accepted.run();
            }
        });
    }

    private Future<PhaseAnswer> afterDelay(PhaseAnswer answer) {
        if (answer.delay().isZero() || closed) {
            return Future.succeededFuture(answer);
        }
        Promise<PhaseAnswer> later = Promise.promise();
        loop.runOnContext(v -> loop.owner().setTimer(Math.max(1, answer.delay().toMillis()), t -> later.complete(answer)));
        return later.future();
    }

    /** Per-connection state the agents keep (a counter, a cached lookup). */
    public Map<String, Object> attributes() {
        return attributes;
    }

    /** How far the client is trusted: authenticated, in the relay ranges, or anonymous. */
    public ClientTrust trust() {
        return authenticatedUser != null ? ClientTrust.AUTHENTICATED : relayClient ? ClientTrust.RELAY : ClientTrust.ANONYMOUS;
    }

    public void resetTransaction() {
        transaction = null;
        dropBdat();
    }

    /** Abandons a BDAT transfer in progress and whatever of it was spooled. */
    private void dropBdat() {
        if (bdat != null) {
            bdat.discard();
            bdat = null;
            clock.dataEnded(System.nanoTime());
        }
    }

    /** Switches the input to DATA mode; the Received field is fixed now, before the first byte. */
    public void startData() {
        clock.dataStarted(System.nanoTime());
        data = new DataReader(receivedField(transaction.queueId()), connector.settings().maxMessageSize(),
                connector.settings().maxLineLength(), connector.spool());
    }

    /** Starts or continues a BDAT transfer with a chunk of the given size. */
    public void startChunk(long size, boolean last) {
        if (bdat == null) {
            bdat = new BdatMessage(receivedField(transaction.queueId()), connector.settings().maxMessageSize(),
                    connector.settings().maxLineLength(), connector.spool());
        }
        clock.dataStarted(System.nanoTime());
        bdat.startChunk(size, last);
        if (size == 0) {
            chunkDone();
        }
    }

    /** Reads and drops a chunk whose BDAT was refused, then sends the refusal (RFC 3030 §2). */
    public void discardChunk(long size, SmtpReply refusal) {
        if (size == 0) {
            error(refusal);
        } else {
            clock.dataStarted(System.nanoTime());
            discarding = size;
            afterDiscard = refusal;
        }
    }

    /** Closes the session once the pending replies are written. */
    public void quitAfterError() {
        closeAfterFlush();
    }

    public boolean inBdat() {
        return bdat != null;
    }

    private void chunkDone() {
        if (!bdat.isLast()) {
            reply(SmtpReply.of(250, "2.0.0", bdat.size() + " octets received"));
            return;
        }
        BdatMessage message = bdat;
        bdat = null;
        RawMessage raw = message.message();
        endOfMessage(raw, message.rejection());
    }

    private byte[] receivedField(String queueId) {
        String protocol = (transaction.smtpUtf8() ? "UTF8SMTP" : extended ? "ESMTP" : "SMTP")
                + (secure ? "S" : "") + (authenticatedUser != null ? "A" : "");
        return ReceivedField.build(heloName, client, connector.hostname(), protocol, queueId,
                transaction.recipients(), ZonedDateTime.now());
    }

    /** {@code message} is null when refused; a message that is handed on is released by the submitter. */
    private void endOfMessage(RawMessage message, SmtpReply refusal) {
        clock.dataEnded(System.nanoTime());
        SmtpTransaction tx = transaction;
        transaction = null;
        if (refusal != null) {
            refuse(SmtpPhase.DATA, tx, null, refusal);
            return;
        }
        String queueId = tx.queueId();
        tx.messageId(MessageIds.messageId(message));
        onWorker(() -> connector.submitter().submit(this, tx, queueId, message), ar -> {
            if (ar.succeeded() && ar.result().isPositive()) {
                reply(ar.result());
            } else if (ar.succeeded()) {
                refuse(SmtpPhase.DATA, tx, null, ar.result());
            } else {
                LOG.errorf(ar.cause(), "Queue id %s: could not be handed to the receive route", queueId);
                refuse(SmtpPhase.DATA, tx, null, SmtpReply.of(451, "4.3.0", "Temporary failure, message not queued; try again later"));
            }
        });
    }

    // ---- refusals of mail: each one is the reply and a REFUSED tracking event, so none is sent untracked ----

    /** HELO or EHLO refused by a hook. */
    public void refuseHelo(SmtpReply reply) {
        refuse(new Refusal("helo", connector.name(), client.getHostAddress(), "", "", null, List.of(), reply));
    }

    /** MAIL refused before it got a transaction (permission, size, a MAIL hook such as back pressure or a rate limit). */
    public void refuseMail(MailAddress sender, SmtpReply reply) {
        refuse(new Refusal("mail", connector.name(), client.getHostAddress(), "", "", sender, List.of(), reply));
    }

    /** RCPT refused (relay denied, unknown user, too many recipients, a RCPT hook). */
    public void refuseRecipient(SmtpTransaction tx, MailAddress rcpt, SmtpReply reply) {
        refuse(SmtpPhase.RCPT, tx, rcpt, reply);
    }

    /** A refusal within a transaction: its MAIL (by an agent), one RCPT, or the message at the end of its data. */
    private void refuse(SmtpPhase phase, SmtpTransaction tx, MailAddress rcpt, SmtpReply reply) {
        List<MailAddress> rcpts = switch (phase) {
            case MAIL -> List.of();
            case RCPT -> List.of(rcpt);
            case DATA -> List.copyOf(tx.recipients());
        };
        refuse(new Refusal(phase.wire(), connector.name(), client.getHostAddress(), tx.queueId(), tx.messageId(), tx.sender(), rcpts, reply));
    }

    private void refuse(Refusal refusal) {
        reply(refusal.reply());
        connector.submitter().refused(refusal);
    }

    /**
     * Pauses the session while a future completes (on a worker), then replies and resumes
     * reading the commands the client pipelined meanwhile.
     */
    private <T> void onWorker(Callable<Future<T>> work, io.vertx.core.Handler<io.vertx.core.AsyncResult<T>> then) {
        busy = true;
        socket.pause();
        flush();
        Future<T> f;
        try {
            f = work.call();
        } catch (Exception e) {
            f = Future.failedFuture(e);
        }
        f.onComplete(ar -> {
            busy = false;
            clock.progressed(System.nanoTime()); // the client waited for us, not the other way round
            then.handle(ar);
            if (!closed) {
                socket.resume();
                process();
            }
            flush();
        });
    }

    /** Runs a blocking check (a password hash) off the event loop and replies with its answer. */
    public void replyFromWorker(Callable<SmtpReply> blocking, Consumer<SmtpReply> afterReply) {
        onWorker(() -> connector.submitter().vertx().executeBlocking(blocking, false), ar -> {
            SmtpReply r = ar.succeeded() ? ar.result() : SmtpReply.of(454, "4.7.0", "Temporary authentication failure");
            afterReply.accept(r);
            reply(r);
        });
    }

    /** The next input line goes to this handler instead of the command table (SASL exchanges, RFC 4954 §4). */
    public void expectSaslResponse(Consumer<String> handler) {
        saslContinuation = handler;
    }

    public void authenticated(String user) {
        this.authenticatedUser = user;
    }

    /**
     * RFC 3207: after "220 Ready to start TLS" nothing the client sent in plaintext may be used
     * (CVE-2011-0411), and the session starts over: the client must EHLO again.
     */
    public void startTls() {
        reply(SmtpReply.of(220, "2.0.0", "Ready to start TLS"));
        inStart = inEnd; // discard pipelined plaintext
        busy = true;
        socket.pause();
        flush();
        socket.upgradeToSsl().onComplete(ar -> {
            busy = false;
            if (ar.failed()) {
                LOG.debugf("TLS handshake with %s failed: %s", client.getHostAddress(), ar.cause().getMessage());
                socket.close();
                return;
            }
            secure = true;
            heloName = "";
            extended = false;
            transaction = null;
            dropBdat();
            inStart = inEnd;
            socket.resume();
        });
    }

    public void quit() {
        reply(SmtpReply.of(221, "2.0.0", "Bye"));
        closeAfterFlush();
    }

    private void closeAfterFlush() {
        closeAfterFlush = true;
    }

    private void flush() {
        if (out.length() > 0) {
            socket.write(out.toString());
            out.setLength(0);
        }
        if (closeAfterFlush && !closed) {
            closed = true;
            socket.close();
        }
    }

    /**
     * Closes the session with 421 4.4.2 (RFC 5321 §4.5.3.2.7) when it has been idle too long or its message
     * data has taken longer than the data timeout ({@link SessionClock}); called from the connector's timer.
     */
    void closeIfExpired(long idleNanos, long dataNanos, long now) {
        loop.runOnContext(v -> closeIfExpiredNow(idleNanos, dataNanos, now));
    }

    private void closeIfExpiredNow(long idleNanos, long dataNanos, long now) {
        if (closed || busy) {
            return;
        }
        switch (clock.expiry(now, idleNanos, dataNanos)) {
            case IDLE -> closeWith(SmtpReply.of(421, "4.4.2", connector.hostname() + " Error: timeout exceeded"));
            case DATA -> closeWith(SmtpReply.of(421, "4.4.2", connector.hostname()
                    + " Error: timeout exceeded while receiving the message"));
            case NONE -> { }
        }
    }

    /**
     * Since when this session has made no progress ({@link SessionClock#stalledSince}), or {@link Long#MAX_VALUE}
     * when it must not be closed to make room: it is queueing a message, closing, or already chosen.
     */
    long stalledSince(long now, long graceNanos) {
        return busy || closed || closeAfterFlush || evicting.get() ? Long.MAX_VALUE : clock.stalledSince(now, graceNanos);
    }

    /**
     * Chosen to make room for a new client while the connector is full: closes with 421 4.4.2 unless it got busy
     * meanwhile. False when another new client chose it first.
     */
    boolean evict() {
        if (!evicting.compareAndSet(false, true)) {
            return false;
        }
        loop.runOnContext(v -> {
            if (!closed && !busy) {
                LOG.debugf("%s: closed to make room for a new client", this);
                closeWith(SmtpReply.of(421, "4.4.2", connector.hostname() + " Idle too long while the server is busy, closing connection"));
            }
        });
        return true;
    }

    private void closeWith(SmtpReply reply) {
        reply(reply);
        closeAfterFlush();
        flush();
    }

    /** Ends the session at shutdown with 421 4.3.2 unless a message is being queued. */
    void shutdownOnItsLoop() {
        loop.runOnContext(v -> shutdown());
    }

    private void shutdown() {
        if (!closed && !busy) {
            reply(SmtpReply.of(421, "4.3.2", connector.hostname() + " Service shutting down"));
            closeAfterFlush();
            flush();
        }
    }

    void markClosed() {
        closed = true;
        if (data != null) {
            data.discard(); // the client went away mid-DATA: nothing of it is kept
            data = null;
        }
        dropBdat();
    }

    // ---- SessionInfo ----

    @Override
    public String connector() {
        return connector.name();
    }

    @Override
    public InetAddress clientAddress() {
        return client;
    }

    @Override
    public String heloName() {
        return heloName;
    }

    @Override
    public boolean isRelayClient() {
        return relayClient;
    }

    @Override
    public Optional<String> authenticatedUser() {
        return Optional.ofNullable(authenticatedUser);
    }

    @Override
    public String toString() {
        return "SMTP session " + connector.name() + " from " + client.getHostAddress();
    }
}
