// The routes' connection factory on a real embedded broker: what each send costs in round trips to the broker.
package io.caravan.queue;

import jakarta.jms.BytesMessage;
import org.apache.activemq.artemis.api.core.Interceptor;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.core.protocol.core.impl.PacketImpl;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jms.connection.CachingConnectionFactory;
import org.springframework.jms.core.JmsTemplate;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

class JmsConnectionsTest {

    @TempDir
    Path dir;
    private EmbeddedBroker broker;
    private final ActiveMQConnectionFactory artemis = new ActiveMQConnectionFactory("vm://0");
    private final AtomicInteger queueQueries = new AtomicInteger();
    private final AtomicInteger creditRequests = new AtomicInteger();
    private CachingConnectionFactory connections;

    @BeforeEach
    void start() {
        broker = new EmbeddedBroker(EmbeddedBrokerTest.config(dir));
        broker.start(null);
        broker.awaitStarted();
        Interceptor counter = (packet, connection) -> {
            if (packet.getType() == PacketImpl.SESS_QUEUEQUERY) {
                queueQueries.incrementAndGet();
            }
            if (packet.getType() == PacketImpl.SESS_PRODUCER_REQUEST_CREDITS) {
                creditRequests.incrementAndGet();
            }
            return true;
        };
        artemis.getServerLocator().addOutgoingInterceptor(counter);
        connections = new JmsConnections().caravanConnectionFactory(artemis, broker);
    }

    @AfterEach
    void stop() throws Exception {
        connections.destroy();
        broker.stop(null);
        artemis.close();
    }

    @Test
    void aSessionAsksTheBrokerAboutAQueueOnceNotOnEverySend() {
        JmsTemplate template = new JmsTemplate(connections); // what Camel's jms: producer sends through
        template.convertAndSend(QueueNames.DELIVERY, "copy 0");
        int afterTheFirst = queueQueries.get();
        for (int i = 1; i < 20; i++) {
            template.convertAndSend(QueueNames.DELIVERY, "copy " + i);
        }
        assertEquals(afterTheFirst, queueQueries.get(), "queue queries after 19 more sends");
        template.setReceiveTimeout(5000);
        for (int i = 0; i < 20; i++) {
            assertEquals("copy " + i, template.receiveAndConvert(QueueNames.DELIVERY)); // every copy reached the queue
        }
    }

    @Test
    void aCopySentToAQueueDeletedMeanwhileIsNotLost() throws Exception {
        JmsTemplate template = new JmsTemplate(connections);
        template.convertAndSend(QueueNames.DELIVERY, "before"); // the session now knows the queue
        try (ServerLocator locator = ActiveMQClient.createServerLocator("vm://0");
             ClientSession admin = locator.createSessionFactory().createSession()) {
            admin.deleteQueue(SimpleString.of(QueueNames.DELIVERY)); // an administrator's mistake, "before" with it
        }
        template.convertAndSend(QueueNames.DELIVERY, "after"); // the cached session does not ask again...
        template.setReceiveTimeout(5000);
        assertEquals("after", template.receiveAndConvert(QueueNames.DELIVERY), "...and the broker creates the queue again");
    }

    @Test
    void copiesOf100KbGoOutWithoutAskingTheBrokerForCreditEachTime() {
        JmsTemplate template = new JmsTemplate(connections);
        byte[] body = new byte[100 * 1024];
        for (int i = 0; i < 20; i++) {
            template.send(QueueNames.DELIVERY, session -> {
                BytesMessage copy = session.createBytesMessage();
                copy.writeBytes(body);
                return copy;
            });
        }
        // 2 MB through a 1 MiB window: a few requests ahead of need. With the client's 64 KiB window, one per send.
        assertTrue(creditRequests.get() <= 5, "credit requests for 20 sends: " + creditRequests.get());
        template.setReceiveTimeout(5000);
        for (int i = 0; i < 20; i++) {
            assertNotNull(template.receive(QueueNames.DELIVERY), "copy " + i);
        }
    }
}
