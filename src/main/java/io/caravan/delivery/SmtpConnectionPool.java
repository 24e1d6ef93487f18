// Keeps finished SMTP connections open for a short while so the next copy to the same host reuses them.
package io.caravan.delivery;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Several messages per connection (RFC 5321 §3.3 allows any number of transactions per session):
 * a burst to one next hop pays for TCP, EHLO and STARTTLS once. A connection is reused only after a
 * successful transaction, at most {@link #MAX_TRANSACTIONS} times, and is closed after
 * {@link #IDLE_MILLIS} unused, well inside the 5 minutes a server may wait (RFC 5321 §4.5.3.2.7).
 */
@Singleton
public class SmtpConnectionPool {

    static final long IDLE_MILLIS = 10_000;
    static final int MAX_TRANSACTIONS = 100;

    /** A connection waiting for its next transaction. */
    record Idle(SMTPTransport transport, long since, int transactions, String tls) {
    }

    private final Map<String, Deque<Idle>> idle = new ConcurrentHashMap<>();
    private final ScheduledExecutorService reaper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "caravan-smtp-pool-reaper");
        t.setDaemon(true);
        return t;
    });

    public SmtpConnectionPool() {
        reaper.scheduleWithFixedDelay(this::closeIdle, IDLE_MILLIS, IDLE_MILLIS / 2, TimeUnit.MILLISECONDS);
    }

    /**
     * A transport to host:port left by an earlier transaction. It is not probed with NOOP (a round
     * trip per message): the caller opens a new connection if this one turns out to be gone.
     */
    Optional<Idle> take(String key) {
        Deque<Idle> q = idle.get(key);
        for (Idle i = q == null ? null : q.pollFirst(); i != null; i = q.pollFirst()) {
            if (System.currentTimeMillis() - i.since() < IDLE_MILLIS) {
                return Optional.of(i);
            }
            close(i.transport());
        }
        return Optional.empty();
    }

    /** Offers a transport back after a successful transaction. */
    void giveBack(String key, SMTPTransport transport, int transactions) {
        giveBack(key, transport, transactions, "");
    }

    /** tls: what the connection negotiated ("TLSv1.3 TLS_AES_256_GCM_SHA384"), empty for plaintext. */
    void giveBack(String key, SMTPTransport transport, int transactions, String tls) {
        if (transactions >= MAX_TRANSACTIONS) {
            close(transport);
            return;
        }
        Idle entry = new Idle(transport, System.currentTimeMillis(), transactions, tls);
        idle.compute(key, (k, q) -> {
            Deque<Idle> deque = q == null ? new ConcurrentLinkedDeque<>() : q;
            deque.addFirst(entry); // inside compute, so the reaper cannot drop this deque as empty meanwhile
            return deque;
        });
    }

    static void close(SMTPTransport transport) {
        try {
            transport.close();
        } catch (MessagingException e) {
            // the peer already went away; nothing to tell anyone
        }
    }

    private void closeIdle() {
        closeIdle(System.currentTimeMillis());
    }

    /** Closes connections idle since before now - IDLE_MILLIS, and forgets hosts left with none. */
    void closeIdle(long now) {
        idle.values().forEach(q -> q.removeIf(i -> {
            boolean stale = now - i.since() >= IDLE_MILLIS;
            if (stale) {
                close(i.transport());
            }
            return stale;
        }));
        idle.keySet().forEach(key -> idle.computeIfPresent(key, (k, q) -> q.isEmpty() ? null : q));
    }

    int hosts() {
        return idle.size();
    }

    /** Closes every pooled connection (at shutdown). */
    @PreDestroy
    public void shutdown() {
        reaper.shutdownNow();
        idle.values().forEach(q -> q.forEach(i -> close(i.transport())));
        idle.clear();
    }
}
