// Readiness: DOWN while the broker (embedded or caravan.broker.url) takes no connection, with the reason.
package io.caravan.metrics;

import io.caravan.config.CaravanConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.util.function.Supplier;

/**
 * Without the broker no message can be queued (every DATA gets 451 4.3.0), so a load balancer should
 * send clients elsewhere. Each probe opens and closes one connection on the broker's own factory (not
 * the routes' cached one, which would answer from a connection that may be gone). It replaces the
 * Artemis extension's check (quarkus.artemis.health.enabled=false), which names the reason only in the log.
 */
@Readiness
@Singleton
public class BrokerReadiness implements HealthCheck {

    static final String NAME = "caravan-broker";

    private final Supplier<Connection> connect;
    private final String broker;

    @Inject
    public BrokerReadiness(ConnectionFactory artemis, CaravanConfig config) {
        this(() -> {
            try {
                return artemis.createConnection();
            } catch (jakarta.jms.JMSException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }, config.broker().url().filter(u -> !u.isBlank()).map(BrokerReadiness::withoutSecrets).orElse("embedded"));
    }

    BrokerReadiness(Supplier<Connection> connect, String broker) {
        this.connect = connect;
        this.broker = broker;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder r = HealthCheckResponse.named(NAME).withData("broker", broker);
        try (Connection c = connect.get()) {
            return r.up().build();
        } catch (Exception e) {
            return r.down().withData("reason", "the broker takes no connection: " + e.getMessage()).build();
        }
    }

    /** The broker's address for everyone who may read the health data: no query (user, password) and no user info. */
    static String withoutSecrets(String url) {
        String s = url.replaceAll("\\?.*", "");
        return s.replaceAll("//[^/@,)]*@", "//");
    }
}
