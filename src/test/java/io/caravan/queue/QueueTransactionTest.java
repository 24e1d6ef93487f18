// The receive route's one transaction, on a real broker through Camel's JMS component: all copies are committed or none.
package io.caravan.queue;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jms.connection.CachingConnectionFactory;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class QueueTransactionTest {

    @TempDir
    Path dir;
    private EmbeddedBroker broker;
    private final ActiveMQConnectionFactory artemis = new ActiveMQConnectionFactory("vm://0");
    private CachingConnectionFactory connections;
    private final DefaultCamelContext camel = new DefaultCamelContext();
    /** What the last step saw on the queues from outside the transaction, before the commit. */
    private final List<String> seenBeforeCommit = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        broker = new EmbeddedBroker(EmbeddedBrokerTest.config(dir));
        broker.start(null);
        broker.awaitStarted();
        connections = new CachingConnectionFactory(artemis);
        camel.addComponent("jms", JmsComponent.jmsComponent(connections));
        camel.getRegistry().bind("queueTransaction", new QueueTransaction(connections));
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:write").policy("queueTransaction")
                        .to("jms:queue:caravan.delivery").to("jms:queue:caravan.bounce")
                        .process(e -> seenBeforeCommit.addAll(drain("caravan.delivery")))
                        .filter(header("fail").isNotNull()).throwException(new IllegalStateException("a later step failed"));
            }
        });
        camel.start();
    }

    @AfterEach
    void stop() throws Exception {
        camel.stop();
        connections.destroy();
        broker.stop(null);
        artemis.close();
    }

    /** Consumes what is on the queue now, from a connection of its own. */
    private List<String> drain(String queue) throws Exception {
        List<String> bodies = new ArrayList<>();
        try (Connection c = artemis.createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(s.createQueue(queue));
            for (Message m = consumer.receive(200); m != null; m = consumer.receive(200)) {
                bodies.add(m.getBody(String.class));
            }
        }
        return bodies;
    }

    @Test
    void everyCopyIsOnTheQueuesOnlyOnceTheTransactionIsCommitted() throws Exception {
        Exchange done = camel.createProducerTemplate().send("direct:write", e -> e.getIn().setBody("copy"));

        assertNull(done.getException());
        assertTrue(QueueTransaction.writes(done).committed());
        assertEquals(List.of(), seenBeforeCommit, "nothing is visible before the commit");
        assertEquals(List.of("copy"), drain("caravan.delivery"));
        assertEquals(List.of("copy"), drain("caravan.bounce"));
    }

    @Test
    void aFailureAfterSomeCopiesWereSentLeavesNoneOfThemQueued() throws Exception {
        Exchange done = camel.createProducerTemplate().send("direct:write", e -> {
            e.getIn().setBody("copy");
            e.getIn().setHeader("fail", "yes");
        });

        assertInstanceOf(IllegalStateException.class, done.getException());
        assertFalse(QueueTransaction.writes(done).committed());
        assertEquals(List.of(), drain("caravan.delivery"));
        assertEquals(List.of(), drain("caravan.bounce"));
    }

    @Test
    void aFailedWriteLeavesNothingBoundToTheThreadForTheNextOne() throws Exception {
        camel.createProducerTemplate().send("direct:write", e -> {
            e.getIn().setBody("failed");
            e.getIn().setHeader("fail", "yes");
        });
        assertFalse(TransactionSynchronizationManager.hasResource(connections), "no session left bound after the rollback");

        Exchange next = camel.createProducerTemplate().send("direct:write", e -> e.getIn().setBody("next"));

        assertTrue(QueueTransaction.writes(next).committed());
        assertEquals(List.of("next"), drain("caravan.delivery"));
    }

    @Test
    void withTheBrokerGoneTheWriteFailsAndIsNotDurable() throws Exception {
        broker.stop(null);

        Exchange done = camel.createProducerTemplate().send("direct:write", e -> e.getIn().setBody("copy"));

        assertNotNull(done.getException());
        assertFalse(QueueTransaction.writes(done).committed());
    }
}
