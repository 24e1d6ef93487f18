// The one JMS connection factory the routes use: Artemis' (embedded in-VM or external), with connections reused.
package io.caravan.queue;

import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import jakarta.jms.ConnectionFactory;
import org.springframework.jms.connection.CachingConnectionFactory;

/**
 * Camel's JMS producer (Spring's JmsTemplate) opens a connection, a session and a producer for every
 * send unless the factory reuses them; on the receive route that was most of the CPU per message.
 * Transacted stage consumers are unaffected: their sends join the consumer's own session.
 * Routes use it through camel.component.jms.connection-factory=#caravanConnectionFactory.
 */
@Singleton
public class JmsConnections {

    @Produces
    @Singleton
    @Named("caravanConnectionFactory")
    @Typed(CachingConnectionFactory.class) // not a second @Default ConnectionFactory
    CachingConnectionFactory caravanConnectionFactory(ConnectionFactory artemis) {
        CachingConnectionFactory caching = new CachingConnectionFactory(artemis);
        caching.setSessionCacheSize(64);
        caching.setReconnectOnException(true);
        return caching;
    }
}
