// Fails a JMS connection attempt at once while the previous one failed moments ago: the broker is down, say so now.
package io.caravan.queue;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Every route shares one JMS connection, and Spring opens it under one lock. While an external broker
 * is down each attempt takes seconds (the Artemis client waits retry-interval between the servers it
 * knows), and the thirty stage consumers take their turns before the SMTP session that is waiting for
 * its 451: with the broker killed, clients waited over a minute for their answer (BrokerRestartIT). So
 * once an attempt has failed, {@link #check} fails at once, before that lock, for {@link #QUIET} after
 * the failure and while another caller is trying again; the broker is tried again after that by one
 * caller at a time. A success forgets the failure. Before any failure (start-up) nothing changes.
 */
final class BrokerOutage {

    /** How long a failed attempt answers for the broker. Consumers retry every 5 s anyway. */
    static final Duration QUIET = Duration.ofSeconds(2);

    /** Opens a connection; may throw. */
    interface Opener {
        Connection open() throws JMSException;
    }

    private final LongSupplier nanoClock;
    private volatile long failedAt;
    private volatile JMSException failure;
    private final AtomicInteger attempting = new AtomicInteger();

    BrokerOutage() {
        this(System::nanoTime);
    }

    BrokerOutage(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** Throws at once while the broker is known to be down: shortly after a failed attempt, or while one is retried. */
    void check() throws JMSException {
        JMSException last = failure;
        if (last != null && (nanoClock.getAsLong() - failedAt < QUIET.toNanos() || attempting.get() > 0)) {
            JMSException now = new JMSException("The broker is unavailable: the last connection attempt failed ("
                    + last.getMessage() + ")", last.getErrorCode());
            now.initCause(last);
            throw now;
        }
    }

    /** Opens a connection, remembering whether that failed. */
    Connection connect(Opener opener) throws JMSException {
        check();
        attempting.incrementAndGet();
        try {
            Connection connection = opener.open();
            failure = null;
            return connection;
        } catch (JMSException e) {
            failedAt = nanoClock.getAsLong();
            failure = e;
            throw e;
        } finally {
            attempting.decrementAndGet();
        }
    }
}
