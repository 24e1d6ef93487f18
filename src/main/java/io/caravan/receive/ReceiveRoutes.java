// Creates one receive route per configured receive connector from the 10-receive route template.
package io.caravan.receive;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.quarkus.main.events.BeforeStart;

/**
 * routes/10-receive.yaml is a route template with one parameter, the connector name, so the
 * pipeline is written once and every connector under caravan.receive-connectors gets its own
 * route, {@code 10-receive-<name>}, consuming {@code receive-connector:<name>}.
 */
@Singleton
public class ReceiveRoutes {

    static final String TEMPLATE = "10-receive";

    private final ReceiveConnectorsConfig config;

    public ReceiveRoutes(ReceiveConnectorsConfig config) {
        this.config = config;
    }

    void addRoutes(@Observes @Priority(20) BeforeStart event, CamelContext context) {
        for (String name : config.receiveConnectors().keySet()) {
            try {
                TemplatedRouteBuilder.builder(context, TEMPLATE)
                        .routeId(TEMPLATE + "-" + name)
                        .parameter("connector", name)
                        .add();
            } catch (RuntimeException e) {
                throw new IllegalStateException("Cannot create the receive route for connector '" + name + "' from template '"
                        + TEMPLATE + "' (is routes/10-receive.yaml present, and caravan.routes-dir pointing at it?): "
                        + e.getMessage(), e);
            }
        }
    }
}
