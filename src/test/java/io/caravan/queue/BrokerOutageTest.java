// BrokerOutage: callers behind a failed connection attempt fail at once; the broker is tried again after a pause.
package io.caravan.queue;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;

class BrokerOutageTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final AtomicInteger attempts = new AtomicInteger();
    private final BrokerOutage outage = new BrokerOutage(now::get);

    private Connection refused() throws JMSException {
        attempts.incrementAndGet();
        throw new JMSException("AMQ219007: Cannot connect to server(s)");
    }

    private Connection opened() {
        attempts.incrementAndGet();
        return null; // the outage only passes it on
    }

    @Test
    void aCallerRightAfterAFailedAttemptFailsAtOnceWithItsCause() {
        assertThrows(JMSException.class, () -> outage.connect(this::refused));
        now.addAndGet(BrokerOutage.QUIET.toNanos() - 1);
        JMSException e = assertThrows(JMSException.class, () -> outage.connect(this::opened));
        assertEquals(1, attempts.get(), "the broker is not asked again within the quiet time");
        assertTrue(e.getMessage().contains("AMQ219007"), e.getMessage());
    }

    @Test
    void theBrokerIsTriedAgainOnceTheQuietTimeIsOver() throws JMSException {
        assertThrows(JMSException.class, () -> outage.connect(this::refused));
        now.addAndGet(BrokerOutage.QUIET.toNanos());
        outage.connect(this::opened);
        outage.connect(this::opened);
        assertEquals(3, attempts.get(), "after a success every call goes to the broker");
    }

    @Test
    void whileOneCallerRetriesAfterAFailureTheOthersFailAtOnce() throws Exception {
        assertThrows(JMSException.class, () -> outage.connect(this::refused));
        now.addAndGet(BrokerOutage.QUIET.toNanos());
        java.util.concurrent.atomic.AtomicReference<JMSException> meanwhile = new java.util.concurrent.atomic.AtomicReference<>();
        assertThrows(JMSException.class, () -> outage.connect(() -> {
            meanwhile.set(assertThrows(JMSException.class, outage::check));
            return refused();
        }));
        assertNotNull(meanwhile.get(), "a caller during the retry was not kept waiting");
    }

    @Test
    void beforeAnyFailureCallersDuringAnAttemptAreNotTurnedAway() throws JMSException {
        outage.connect(() -> {
            assertDoesNotThrow(outage::check, "start-up: consumers wait for the first connection");
            return opened();
        });
    }

    @Test
    void withoutAFailureEveryCallGoesToTheBroker() throws JMSException {
        outage.connect(this::opened);
        outage.connect(this::opened);
        assertEquals(2, attempts.get());
    }
}
