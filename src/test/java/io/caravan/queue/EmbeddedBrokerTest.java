package io.caravan.queue;

import io.caravan.config.CaravanConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

class EmbeddedBrokerTest {

    /** Only the keys the broker reads; any other call is a test bug. */
    private static CaravanConfig config(Path dataDir) {
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
}
