// The test broker itself: it starts, a JMS client logs in, and a persistent message survives a kill -9 and a restart.
package io.caravan.it;

import io.caravan.queue.QueueNames;
import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class ExternalArtemisIT {

    @Test
    void aPersistentMessageOnCaravansQueueSurvivesAKillAndARestartOnTheSamePort() throws Exception {
        try (ExternalArtemis broker = ExternalArtemis.create(Files.createTempDirectory(Path.of("target"), "artemis-").resolve("broker"))) {
            broker.start();
            try (ActiveMQConnectionFactory factory = broker.connectionFactory(); Connection c = factory.createConnection()) {
                Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                session.createProducer(session.createQueue(QueueNames.DELIVERY)).send(session.createTextMessage("kept"));
            }
            broker.kill();
            broker.start();
            try (ActiveMQConnectionFactory factory = broker.connectionFactory(); Connection c = factory.createConnection()) {
                Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer consumer = session.createConsumer(session.createQueue(QueueNames.DELIVERY));
                c.start();
                TextMessage got = (TextMessage) consumer.receive(30_000);
                assertNotNull(got, "the message sent before the kill");
                assertEquals("kept", got.getText());
            }
            broker.stop();
            assertFalse(broker.isRunning());
        }
    }
}
