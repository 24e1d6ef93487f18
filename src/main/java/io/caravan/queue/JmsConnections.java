// The one JMS connection factory the routes use: Artemis' (embedded in-VM or external), with connections reused.
package io.caravan.queue;

import io.quarkus.arc.ClientProxy;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.springframework.jms.connection.CachingConnectionFactory;

/**
 * Camel's JMS producer (Spring's JmsTemplate) opens a connection, a session and a producer for every
 * send unless the factory reuses them; on the receive route that was most of the CPU per message.
 * Transacted stage consumers are unaffected: their sends join the consumer's own session.
 * Routes use it through camel.component.jms.connection-factory=#caravanConnectionFactory. While the broker
 * is down, {@link BrokerOutage} makes the wait for a 451 short.
 */
@Singleton
public class JmsConnections {

    /**
     * Messages from this size on travel as Artemis large messages. The client's default, 100 KiB,
     * sent every 100 KB mail that way: a file of its own in the broker per message, and a consumer
     * that reassembles the body byte by byte (a fifth of the CPU per 100 KB message when measured).
     * Below 1 MiB a message is one journal record, well inside the journal's 10 MiB files.
     */
    static final int MIN_LARGE_MESSAGE_SIZE = 1024 * 1024;

    /**
     * Bytes a producer may send before it needs more credit from the broker. The client's default, 64 KiB, is less than
     * one 100 KB message: every such send first asked the broker for credit and waited for the answer, a round trip
     * through the in-VM connector's threads. A window as large as the largest single-record message lets a producer
     * send any of them at once, and ask for more credit ahead of need.
     */
    static final int PRODUCER_WINDOW_SIZE = MIN_LARGE_MESSAGE_SIZE;

    @Produces
    @Singleton
    @Named("caravanConnectionFactory")
    @Typed(CachingConnectionFactory.class) // not a second @Default ConnectionFactory
    CachingConnectionFactory caravanConnectionFactory(ConnectionFactory artemis, EmbeddedBroker broker) {
        if (ClientProxy.unwrap(artemis) instanceof ActiveMQConnectionFactory factory) {
            factory.setMinLargeMessageSize(MIN_LARGE_MESSAGE_SIZE);
            factory.setProducerWindowSize(PRODUCER_WINDOW_SIZE);
            // Spring resolves the queue's name on every send, and Artemis answers that by asking the broker whether
            // the queue exists: a blocking round trip per message (bench/RESULTS.md, issue 15). A cached session
            // asks once per queue. A queue deleted under a running Caravan is created again by the broker on the next
            // send (auto-create-queues on caravan.#, embedded and caravan-broker.xml alike).
            factory.setCacheDestinations(true);
        }
        BrokerOutage outage = new BrokerOutage();
        CachingConnectionFactory caching = new CachingConnectionFactory(artemis) {
            @Override
            public Connection createConnection() throws JMSException {
                outage.check(); // before Spring's lock, which a retry holds for seconds
                return super.createConnection();
            }

            @Override
            protected Connection doCreateConnection() throws JMSException {
                broker.awaitStarted(); // the embedded broker starts beside Camel; no connection before it is up
                return outage.connect(super::doCreateConnection);
            }
        };
        caching.setSessionCacheSize(64);
        caching.setReconnectOnException(true);
        return caching;
    }
}
