package io.caravan.queue;

import io.caravan.config.CaravanConfig;
import io.caravan.mail.CaravanHeaders;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import org.apache.activemq.artemis.core.journal.impl.JournalImpl;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.*;

class EmbeddedBrokerTest {

    /** Only the keys the broker reads; any other call is a test bug. */
    static CaravanConfig config(Path dataDir) {
        CaravanConfig.Broker broker = (CaravanConfig.Broker) Proxy.newProxyInstance(EmbeddedBrokerTest.class.getClassLoader(),
                new Class<?>[] {CaravanConfig.Broker.class}, (p, m, a) -> switch (m.getName()) {
                    case "url" -> Optional.empty();
                    case "maxDeliveryAttempts" -> 5;
                    case "redeliveryDelay" -> Duration.ofSeconds(5);
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        return (CaravanConfig) Proxy.newProxyInstance(EmbeddedBrokerTest.class.getClassLoader(),
                new Class<?>[] {CaravanConfig.class}, (p, m, a) -> switch (m.getName()) {
                    case "dataDir" -> dataDir.toString();
                    case "broker" -> broker;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    @Test
    void connectionsWaitUntilTheBrokerStartedBesideCamelIsUp(@TempDir Path dir) throws Exception {
        EmbeddedBroker broker = new EmbeddedBroker(config(dir));
        broker.start(null);
        try {
            broker.awaitStarted(); // returns only once started: the journal exists by then
            assertTrue(Files.isDirectory(dir.resolve("broker").resolve("journal")));
        } finally {
            broker.stop(null);
        }
    }

    @Test
    void aBrokerThatCannotStartFailsTheFirstConnectionWithTheReason(@TempDir Path dir) throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("data"), "a file where data-dir should be");
        EmbeddedBroker broker = new EmbeddedBroker(config(notADirectory));
        broker.start(null);
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, broker::awaitStarted);
            assertTrue(e.getMessage().startsWith("the embedded Artemis broker did not start"), e.getMessage());
        } finally {
            broker.stop(null);
        }
    }

    @Test
    void aNormalStartAndStopWithTemporaryQueuesInUseLogsNoDeadLetterOrExpiryWarning(@TempDir Path dir) throws Exception {
        List<String> warnings = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                String message = record.getMessage();
                if (message != null && (message.contains("AMQ222165") || message.contains("AMQ222166"))) {
                    warnings.add(message);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger artemis = Logger.getLogger("org.apache.activemq.artemis");
        artemis.addHandler(capture);
        EmbeddedBroker broker = new EmbeddedBroker(config(dir));
        try {
            broker.start(null);
            broker.awaitStarted();
            ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("vm://0");
            for (int i = 0; i < 3; i++) { // as BrokerManagement does for each request: a temporary queue for the reply
                try (Connection connection = factory.createConnection()) {
                    Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                    TemporaryQueue replies = session.createTemporaryQueue();
                    MessageConsumer consumer = session.createConsumer(replies);
                    connection.start();
                    session.createProducer(replies).send(session.createTextMessage("reply " + i));
                    assertNotNull(consumer.receive(10_000), "the reply through the temporary queue");
                }
            }
            factory.close();
        } finally {
            broker.stop(null);
            artemis.removeHandler(capture);
        }
        assertEquals(List.of(), warnings);
    }

    @Test
    void caravanQueuesKeepTheirPoisonQueueAndDeliveryAttempts(@TempDir Path dir) throws Exception {
        try (Started started = Started.on(dir)) {
            EmbeddedBroker broker = started.broker();
            for (String queue : List.of(QueueNames.SUBMISSION, QueueNames.DELIVERY, QueueNames.BOUNCE)) {
                AddressSettings settings = broker.addressSettings(queue);
                assertEquals(QueueNames.POISON, settings.getDeadLetterAddress().toString(), queue);
                assertEquals(QueueNames.POISON, settings.getExpiryAddress().toString(), queue);
                assertEquals(5 + StageFailures.BROKER_BACKSTOP, settings.getMaxDeliveryAttempts(), queue + ": a backstop above Caravan's own count");
                assertEquals(5000, settings.getRedeliveryDelay(), queue);
            }
            assertEquals(-1, broker.addressSettings(QueueNames.POISON).getMaxDeliveryAttempts(), "the poison queue keeps what it holds");
        }
    }

    @Test
    void copiesWithDuplicateIdsLetTheJournalReclaimItsFilesWithoutCompacting(@TempDir Path dir) throws Exception {
        try (Started started = Started.on(dir)) {
            JournalImpl journal = started.broker().messageJournal();
            byte[] body = new byte[100 * 1024];
            int mostDataFiles = 0;
            try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("vm://0")) {
                factory.setMinLargeMessageSize(JmsConnections.MIN_LARGE_MESSAGE_SIZE); // one journal record each, as Caravan sends them
                try (Connection connection = factory.createConnection()) {
                    Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
                    Queue delivery = session.createQueue(QueueNames.DELIVERY);
                    MessageProducer producer = session.createProducer(delivery);
                    MessageConsumer consumer = session.createConsumer(delivery);
                    connection.start();
                    for (int batch = 0; batch < 75; batch++) { // 1,500 copies of 100 KB: 150 MB through 10 MB journal files
                        for (int i = 0; i < 20; i++) {
                            BytesMessage copy = session.createBytesMessage();
                            copy.writeBytes(body);
                            copy.setStringProperty(CaravanHeaders.DUPLICATE_ID, "MX" + batch + "/internet/relay/" + i);
                            producer.send(copy);
                        }
                        session.commit();
                        for (int i = 0; i < 20; i++) {
                            assertNotNull(consumer.receive(10_000), "copy " + i + " of batch " + batch);
                        }
                        session.commit(); // delivered: the copies' records are deleted, only their duplicate ids stay
                        mostDataFiles = Math.max(mostDataFiles, journal.getDataFilesCount());
                    }
                }
            }
            // With Artemis' default of 20,000 remembered ids, every file stays pinned: more than ten, then a compaction.
            assertTrue(mostDataFiles <= 8, "journal data files at most: " + mostDataFiles);
            assertEquals(0, journal.getCompactCount(), "compactions");
        }
    }

    @Test
    void aCopySentAgainAfterARestartIsDroppedAsADuplicate(@TempDir Path dir) throws Exception {
        sendCopy(dir, "MXAF19UZKC63T5/internet/relay/0");
        sendCopy(dir, "MXAF19UZKC63T5/internet/relay/0"); // a broker started anew: the same copy again
        sendCopy(dir, "MXAF19UZKC63T6/internet/relay/0");
        inSession(dir, session -> {
            MessageConsumer consumer = session.createConsumer(session.createQueue(QueueNames.DELIVERY));
            assertEquals("MXAF19UZKC63T5/internet/relay/0", duplicateId(consumer.receive(10_000)));
            assertEquals("MXAF19UZKC63T6/internet/relay/0", duplicateId(consumer.receive(10_000)), "the next copy, not the same one twice");
        });
    }

    private static void sendCopy(Path dir, String duplicateId) throws Exception {
        inSession(dir, session -> {
            Message copy = session.createBytesMessage();
            copy.setStringProperty(CaravanHeaders.DUPLICATE_ID, duplicateId);
            session.createProducer(session.createQueue(QueueNames.DELIVERY)).send(copy);
        });
    }

    private interface SessionWork {
        void run(Session session) throws Exception;
    }

    /** Starts a broker on the data directory, does the work in a session of a started connection, and stops the broker. */
    private static void inSession(Path dir, SessionWork work) throws Exception {
        try (Started started = Started.on(dir);
             ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("vm://0");
             Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            connection.start();
            work.run(session);
        }
    }

    /** An embedded broker on the data directory, started; closing it stops the broker. */
    private record Started(EmbeddedBroker broker) implements AutoCloseable {

        static Started on(Path dir) throws Exception {
            Started started = new Started(new EmbeddedBroker(config(dir)));
            try {
                started.broker.start(null);
                started.broker.awaitStarted();
                return started;
            } catch (RuntimeException e) {
                started.close();
                throw e;
            }
        }

        @Override
        public void close() throws Exception {
            broker.stop(null);
        }
    }

    private static String duplicateId(Message copy) throws JMSException {
        assertNotNull(copy, "a copy on the queue");
        return copy.getStringProperty(CaravanHeaders.DUPLICATE_ID);
    }
}
