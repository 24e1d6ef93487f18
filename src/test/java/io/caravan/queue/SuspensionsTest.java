// Suspensions on the broker: seen by every instance, kept across restarts, the last known kept while the broker is away.
package io.caravan.queue;

import io.caravan.mail.CaravanHeaders;
import io.caravan.queue.NextHopGate.Suspension;
import io.caravan.testing.ConfigStub;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.Session;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class SuspensionsTest {

    @TempDir
    Path dir;
    private EmbeddedBroker broker;
    private final ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("vm://0");

    private void startBroker() {
        broker = new EmbeddedBroker(EmbeddedBrokerTest.config(dir));
        broker.start(null);
        broker.awaitStarted();
    }

    @AfterEach
    void stopBroker() throws Exception {
        if (broker != null) {
            broker.stop(null);
        }
        factory.close();
    }

    /** One Caravan instance's view: its own gate and store, on the shared broker. */
    private Suspensions instance() {
        NextHopGate gate = new NextHopGate(20);
        Suspensions s = new Suspensions(gate, store(),
                ConfigStub.of(QueueConfig.class, Map.of("suspensionRefresh", Duration.ofHours(1))), broker);
        gates.put(s, gate);
        return s;
    }

    private final Map<Suspensions, NextHopGate> gates = new java.util.IdentityHashMap<>();

    private SuspensionStore store() {
        return new SuspensionStore(factory, new BrokerManagement(factory));
    }

    private NextHopGate gate(Suspensions s) {
        return gates.get(s);
    }

    @Test
    void aSuspensionMadeOnOneInstanceHoldsOnAnotherAndAResumeThereLiftsItEverywhere() throws Exception {
        startBroker();
        Suspensions a = instance();
        Suspensions b = instance();
        b.refresh();
        assertFalse(gate(b).isSuspended("hold.test"));

        a.suspend("hold.test", "ops");
        assertTrue(gate(a).isSuspended("hold.test"), "at once on the instance that suspended it");
        b.refresh(); // what b's refresh interval does
        Suspension seen = gate(b).suspensions().get("hold.test");
        assertNotNull(seen, "the other instance holds it too");
        assertEquals("ops", seen.by());
        assertTrue(gate(b).enter("hold.test").isEmpty());

        assertTrue(b.resume("hold.test"));
        assertFalse(gate(b).isSuspended("hold.test"));
        a.refresh();
        assertFalse(gate(a).isSuspended("hold.test"));
        assertTrue(store().read().isEmpty(), "a resumed next hop leaves nothing on the broker");
        assertFalse(a.resume("hold.test"), "nothing left to resume");
    }

    @Test
    void aSuspensionOutlivesARestartOfTheBrokerAndOfTheInstance() throws Exception {
        startBroker();
        instance().suspend("kept.test", "ops");
        broker.stop(null);
        startBroker();

        Suspensions restarted = instance();
        NextHopGate gate = gate(restarted);
        gate.awaitSnapshot(); // what start-up does
        assertTrue(gate.enter("other.test").isEmpty(), "nothing is delivered before the suspensions are read");
        restarted.refresh();
        assertTrue(gate.isSuspended("kept.test"));
        assertTrue(gate.enter("other.test").isPresent());
        assertTrue(restarted.status().current());
    }

    @Test
    void whileTheBrokerCannotBeReadTheLastKnownSuspensionsStayAndNoChangeIsMade() throws Exception {
        startBroker();
        Suspensions s = instance();
        s.suspend("held.test", "ops");
        Instant readAt = s.status().readAt();
        broker.stop(null);
        broker = null;

        assertThrows(IllegalStateException.class, s::refresh);
        assertTrue(gate(s).isSuspended("held.test"), "the last known set stays in force");
        assertFalse(s.status().current());
        assertEquals(readAt, s.status().readAt(), "the status says since when it is stale");
        assertNotNull(s.status().error());
        assertThrows(IllegalStateException.class, () -> s.suspend("other.test", "ops"));
        assertThrows(IllegalStateException.class, () -> s.resume("held.test"));
        assertTrue(gate(s).isSuspended("held.test"), "a resume the broker did not take changes nothing");
    }

    @Test
    void twoInstancesSuspendingOneNextHopAtOnceReadAsOneAndOneResumeRemovesBoth() throws Exception {
        startBroker();
        SuspensionStore store = store();
        Instant earlier = Instant.parse("2026-12-01T10:00:00Z");
        store.add(new Suspension("twice.test", "ops", earlier.plusSeconds(5)));
        store.add(new Suspension("twice.test", "night-shift", earlier));
        assertEquals(Map.of("twice.test", new Suspension("twice.test", "night-shift", earlier)), store.read());
        assertEquals(2, store.remove("twice.test"));
        assertTrue(store.read().isEmpty());
    }

    @Test
    void aMessageThatIsNotASuspensionIsSkipped() throws Exception {
        startBroker();
        try (Connection c = factory.createConnection()) {
            Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            var producer = session.createProducer(session.createQueue(QueueNames.SUSPENSIONS));
            producer.send(session.createTextMessage("no next hop"));
            Message badHop = session.createMessage();
            badHop.setStringProperty(CaravanHeaders.NEXT_HOP, "a b<script>");
            producer.send(badHop);
            Message badTime = session.createMessage();
            badTime.setStringProperty(CaravanHeaders.NEXT_HOP, "odd.test");
            badTime.setStringProperty(SuspensionStore.SUSPENDED_AT, "yesterday");
            producer.send(badTime);
        }
        Map<String, Suspension> read = store().read();
        assertEquals(java.util.Set.of("odd.test"), read.keySet());
        assertEquals("", read.get("odd.test").by());
        assertTrue(Duration.between(read.get("odd.test").since(), Instant.now()).abs().toMinutes() < 5,
                "without a readable time, when the broker got it");
    }

    @Test
    void suspendingIsBounded() throws Exception {
        startBroker();
        SuspensionStore store = store();
        for (int i = 0; i < NextHopGate.MAX_SUSPENDED; i++) {
            store.add(new Suspension("invented-" + i + ".example", "ops", Instant.now()));
        }
        Suspensions s = instance();
        s.suspend("invented-0.example", "ops"); // again: no growth, no refusal
        assertThrows(IllegalArgumentException.class, () -> s.suspend("one-more.example", "ops"));
        assertEquals(NextHopGate.MAX_SUSPENDED, store.read().size());
        assertThrows(IllegalArgumentException.class, () -> s.suspend("a b<script>", "ops"));
    }
}
