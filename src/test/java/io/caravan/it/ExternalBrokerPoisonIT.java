// Poison on an external broker: the shipped broker.xml settings send a copy that keeps failing a stage to caravan.poison.
package io.caravan.it;

import io.caravan.mail.CaravanHeaders;
import io.caravan.queue.QueueNames;
import jakarta.jms.Connection;
import jakarta.jms.Session;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The embedded broker gets its poison settings from queue/EmbeddedBroker; an external one from
 * src/main/broker/caravan-broker.xml, which the README tells the administrator to copy and which this
 * broker is made with (only the redelivery delay shortened, so the five attempts take a second, not 75).
 * The instance runs the whole pipeline on that broker with no other broker setting: its queues are there.
 */
class ExternalBrokerPoisonIT {

    @Test
    void aCopyThatCrashesAStageFiveTimesEndsOnCaravanPoisonOfTheExternalBroker() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target"), "poison-");
        try (ExternalArtemis broker = ExternalArtemis.create(dir.resolve("broker"),
                xml -> xml.replace("<redelivery-delay>5000</redelivery-delay>", "<redelivery-delay>100</redelivery-delay>"))) {
            broker.start();
            int smtpPort = PackagedCaravan.freePort();
            List<String> config = new ArrayList<>(List.of(
                    "-Dcaravan.hostname=caravan.test",
                    "-Dcaravan.data-dir=" + dir.resolve("caravan").toAbsolutePath(),
                    "-Dcaravan.receive-connectors.default.port=" + smtpPort,
                    "-Dcaravan.receive-connectors.client.port=" + PackagedCaravan.freePort(),
                    "-Dquarkus.http.port=0"));
            config.addAll(broker.caravanConfig());
            Process caravan = PackagedCaravan.start(config, dir.resolve("caravan.log"));
            try {
                PackagedCaravan.awaitListening(smtpPort, caravan);
                String marker = "poison-" + System.nanoTime();
                try (ActiveMQConnectionFactory factory = broker.connectionFactory(); Connection c = factory.createConnection()) {
                    Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                    var broken = session.createBytesMessage();
                    broken.writeBytes("not a caravan message".getBytes());
                    broken.setStringProperty("CaravanTestMarker", marker);
                    session.createProducer(session.createQueue(QueueNames.SUBMISSION)).send(broken);
                }
                try (ActiveMQConnectionFactory factory = broker.connectionFactory()) {
                    Map<String, Object> poisoned = Await.until(() -> Queues.browse(factory, QueueNames.POISON, "CaravanTestMarker", marker)
                            .stream().findFirst().orElse(null), Duration.ofSeconds(60), "the broken message on caravan.poison");
                    assertEquals(QueueNames.SUBMISSION, String.valueOf(poisoned.get("_AMQ_ORIG_QUEUE")), "it failed on the submission queue");
                    assertTrue(String.valueOf(poisoned.get(CaravanHeaders.POISON_REASON)).startsWith("failed 5 times in caravan.submission: "),
                            "Caravan counted the failures and says why: " + poisoned);
                    assertTrue(Queues.browse(factory, QueueNames.SUBMISSION, "CaravanTestMarker", marker).isEmpty(), "not left behind");
                }
            } finally {
                caravan.destroyForcibly().waitFor();
            }
        }
    }
}
