// Starts the embedded Artemis broker (persistent journal under caravan.data-dir) unless caravan.broker.url is set.
package io.caravan.queue;

import io.caravan.config.CaravanConfig;
import io.caravan.tracking.MessageEvents;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.journal.impl.JournalImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.camel.quarkus.main.events.AfterStop;
import org.apache.camel.quarkus.main.events.BeforeStart;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The broker must be up before Camel starts its JMS consumers and go down only after they stopped
 * (deps.md: BeforeStart / AfterStop; StartupEvent is too late, ShutdownEvent too early). It starts
 * on a thread of its own while Camel loads the routes (half a second of start-up otherwise spent
 * waiting); the first JMS connection waits for it ({@link #awaitStarted}, from {@link JmsConnections}),
 * so no consumer or receive connector starts before it. Clients connect in-VM (vm://0): no port,
 * no socket. The journal is synced on every persistent send, which is what makes our 250 mean "on disk".
 */
@Singleton
public class EmbeddedBroker {

    private static final Logger LOG = Logger.getLogger(EmbeddedBroker.class);

    /**
     * How long the journal gathers writes before one sync (group commit). Artemis' NIO default,
     * 3.33 ms, set the floor of every SMTP 250 at light load; under load the syncs batch anyway.
     */
    static final int JOURNAL_BUFFER_TIMEOUT_NANOS = 500_000;

    /**
     * Duplicate ids the broker remembers per caravan address (Artemis' default is 20,000). Each id is a journal
     * record until this many newer ids push it out. A journal file that holds one live record cannot be reclaimed,
     * and neither can the later files that hold deletes of its other records. With 20,000 ids, the last 20,000
     * copies' worth of journal stayed on disk (120 MB at 5 KB, 2 GB at 100 KB). The journal then compacted again
     * after every ten files: it read each file into a new 10 MB array and stalled the JVM in garbage collection
     * (bench/RESULTS.md, issue 15). With 500 ids, the same span is 3 MB at 5 KB and 50 MB at 100 KB, under the
     * journal's compaction threshold of ten files. A copy sent again comes within moments of the first (a stage
     * run again after a restart, a release repeated), far inside 500 sends. The ids are persisted, so this still
     * holds across a restart. caravan-broker.xml sets the same number for an external broker.
     */
    static final int DUPLICATE_ID_CACHE_SIZE = 500;

    /**
     * Address settings for JMS temporary queues (the broker management's reply queues) are looked up
     * under this prefix: {@code temporary.<queue name>}. Without a dead-letter and an expiry address
     * there, Artemis warns AMQ222165/AMQ222166 for every temporary queue it creates.
     */
    static final String TEMPORARY_QUEUE_NAMESPACE = "temporary";
    /**
     * Where a dead or expired message of a temporary queue would go: an address no queue is bound to,
     * so such a message (a management reply nobody waits for any more) is dropped, not kept.
     */
    static final String TEMPORARY_DISCARDED = "temporary.discarded";

    private final CaravanConfig config;
    private final MessageEvents events;
    private volatile EmbeddedActiveMQ broker;
    private volatile CompletableFuture<Void> started = CompletableFuture.completedFuture(null);

    @Inject
    public EmbeddedBroker(CaravanConfig config, MessageEvents events) {
        this.config = config;
        this.events = events;
    }

    /** A broker whose moves to the poison queue are not tracked (tests of the broker alone). */
    public EmbeddedBroker(CaravanConfig config) {
        this(config, new MessageEvents());
    }

    void start(@Observes @Priority(0) BeforeStart event) {
        if (config.broker().url().filter(u -> !u.isBlank()).isPresent()) {
            LOG.infof("Using external broker %s", config.broker().url().get());
            return;
        }
        Path dir = Path.of(config.dataDir(), "broker").toAbsolutePath();
        CompletableFuture<Void> starting = new CompletableFuture<>();
        started = starting;
        Thread thread = new Thread(() -> {
            long t0 = System.nanoTime();
            try {
                EmbeddedActiveMQ embedded = new EmbeddedActiveMQ().setConfiguration(configuration(dir));
                broker = embedded;
                embedded.start();
                LOG.infof("Embedded Artemis broker started in %d ms, journal under %s", (System.nanoTime() - t0) / 1_000_000, dir);
                starting.complete(null);
            } catch (Exception | Error e) {
                LOG.errorf(e, "Embedded Artemis broker did not start (journal under %s)", dir);
                starting.completeExceptionally(e);
            }
        }, "caravan-broker-start");
        thread.setDaemon(true);
        thread.start();
    }

    private Configuration configuration(Path dir) throws Exception {
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
        c.registerBrokerPlugin(new PoisonWatch(events));
        c.setTemporaryQueueNamespace(TEMPORARY_QUEUE_NAMESPACE);
        c.addAddressSetting(TEMPORARY_QUEUE_NAMESPACE + ".#", new AddressSettings()
                .setDeadLetterAddress(SimpleString.of(TEMPORARY_DISCARDED))
                .setExpiryAddress(SimpleString.of(TEMPORARY_DISCARDED))
                .setAutoCreateDeadLetterResources(false)
                .setAutoCreateExpiryResources(false));
        c.addAddressSetting("caravan.#", new AddressSettings()
                .setDeadLetterAddress(SimpleString.of(QueueNames.POISON))
                .setExpiryAddress(SimpleString.of(QueueNames.POISON))
                .setMaxDeliveryAttempts(config.broker().maxDeliveryAttempts() + StageFailures.BROKER_BACKSTOP) // Caravan counts failures itself
                .setRedeliveryDelay(config.broker().redeliveryDelay().toMillis())
                .setRedeliveryMultiplier(2)
                .setMaxRedeliveryDelay(300_000)
                .setIDCacheSize(DUPLICATE_ID_CACHE_SIZE)
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
        return c;
    }

    /** The settings the running embedded broker applies to an address, all matches merged. */
    AddressSettings addressSettings(String address) {
        return broker.getActiveMQServer().getAddressSettingsRepository().getMatch(address);
    }

    /** Returns once the embedded broker is up (at once with an external one). */
    public void awaitStarted() {
        try {
            started.join();
        } catch (CompletionException e) {
            throw new IllegalStateException("the embedded Artemis broker did not start: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** The running embedded broker's message journal. */
    JournalImpl messageJournal() {
        return (JournalImpl) broker.getActiveMQServer().getStorageManager().getMessageJournal();
    }

    void stop(@Observes AfterStop event) throws Exception {
        started.handle((ok, failed) -> null).join(); // never stop a broker half-way through its start
        EmbeddedActiveMQ running = broker;
        if (running != null) {
            running.stop();
            broker = null;
        }
    }
}
