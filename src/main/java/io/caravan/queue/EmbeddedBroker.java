// Starts the embedded Artemis broker (persistent journal under caravan.data-dir) unless caravan.broker.url is set.
package io.caravan.queue;

import io.caravan.config.CaravanConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.camel.quarkus.main.events.AfterStop;
import org.apache.camel.quarkus.main.events.BeforeStart;
import org.jboss.logging.Logger;

import java.nio.file.Path;

/**
 * The broker must be up before Camel starts its JMS consumers and go down only after they stopped
 * (deps.md: BeforeStart / AfterStop; StartupEvent is too late, ShutdownEvent too early).
 * Clients connect in-VM (vm://0): no port, no socket. The journal is synced on every persistent
 * send, which is what makes our 250 mean "on disk".
 */
@Singleton
public class EmbeddedBroker {

    private static final Logger LOG = Logger.getLogger(EmbeddedBroker.class);

    /**
     * How long the journal gathers writes before one sync (group commit). Artemis' NIO default,
     * 3.33 ms, set the floor of every SMTP 250 at light load; under load the syncs batch anyway.
     */
    static final int JOURNAL_BUFFER_TIMEOUT_NANOS = 500_000;

    private final CaravanConfig config;
    private EmbeddedActiveMQ broker;

    public EmbeddedBroker(CaravanConfig config) {
        this.config = config;
    }

    void start(@Observes @Priority(10) BeforeStart event) throws Exception {
        if (config.broker().url().filter(u -> !u.isBlank()).isPresent()) {
            LOG.infof("Using external broker %s", config.broker().url().get());
            return;
        }
        Path dir = Path.of(config.dataDir(), "broker").toAbsolutePath();
        Configuration c = new ConfigurationImpl()
                .setName("caravan")
                .setPersistenceEnabled(true)
                .setSecurityEnabled(false)
                .setJMXManagementEnabled(false)
                .setJournalType(JournalType.NIO)
                .setJournalDirectory(dir.resolve("journal").toString())
                .setBindingsDirectory(dir.resolve("bindings").toString())
                .setPagingDirectory(dir.resolve("paging").toString())
                .setLargeMessagesDirectory(dir.resolve("large-messages").toString())
                .setJournalFileSize(10 * 1024 * 1024)
                .setJournalMinFiles(2)
                .setJournalBufferTimeout_NIO(JOURNAL_BUFFER_TIMEOUT_NANOS);
        c.addAcceptorConfiguration("in-vm", "vm://0");
        c.addAddressSetting("caravan.#", new AddressSettings()
                .setDeadLetterAddress(SimpleString.of(QueueNames.POISON))
                .setExpiryAddress(SimpleString.of(QueueNames.POISON))
                .setMaxDeliveryAttempts(config.broker().maxDeliveryAttempts())
                .setRedeliveryDelay(config.broker().redeliveryDelay().toMillis())
                .setRedeliveryMultiplier(2)
                .setMaxRedeliveryDelay(300_000)
                .setAutoCreateDeadLetterResources(false)
                .setAutoCreateQueues(true)
                .setAutoCreateAddresses(true)
                .setAutoDeleteQueues(false)
                .setAutoDeleteAddresses(false));
        c.addAddressSetting(QueueNames.POISON, new AddressSettings()
                .setMaxDeliveryAttempts(-1)
                .setExpiryAddress(SimpleString.of(QueueNames.POISON))
                .setAutoCreateQueues(true)
                .setAutoCreateAddresses(true)
                .setAutoDeleteQueues(false)
                .setAutoDeleteAddresses(false));
        for (String queue : java.util.List.of(QueueNames.SUBMISSION, QueueNames.DELIVERY, QueueNames.BOUNCE, QueueNames.POISON)) {
            c.addQueueConfiguration(org.apache.activemq.artemis.api.core.QueueConfiguration.of(queue)
                    .setRoutingType(org.apache.activemq.artemis.api.core.RoutingType.ANYCAST).setDurable(true));
        }
        long t0 = System.nanoTime();
        broker = new EmbeddedActiveMQ().setConfiguration(c);
        broker.start();
        LOG.infof("Embedded Artemis broker started in %d ms, journal under %s", (System.nanoTime() - t0) / 1_000_000, dir);
    }

    void stop(@Observes AfterStop event) throws Exception {
        if (broker != null) {
            broker.stop();
            broker = null;
        }
    }
}
