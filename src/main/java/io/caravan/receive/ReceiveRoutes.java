// Connects each configured receive connector to the 10-receive route: one small route per connector, made here.
package io.caravan.receive;

import io.caravan.receive.connector.ReceiveConnectorsConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.quarkus.main.events.BeforeStart;

/**
 * routes/10-receive.yaml is written once, as the route {@code 10-receive} consuming
 * {@code direct:10-receive}; every connector under caravan.receive-connectors gets a route
 * {@code 10-receive-<name>} from {@code receive-connector:<name>} to it. So an edit to the YAML
 * reloads like any other route file, for every connector at once (a route template would be read
 * only at start-up), and the per-connector routes follow the configuration, not the YAML. The direct
 * endpoint is synchronous: the SMTP reply is decided in the caller's thread, after the durable write.
 */
@Singleton
public class ReceiveRoutes {

    /** The endpoint the 10-receive route consumes. */
    public static final String PIPELINE = "direct:10-receive";

    private final ReceiveConnectorsConfig config;

    public ReceiveRoutes(ReceiveConnectorsConfig config) {
        this.config = config;
    }

    void addRoutes(@Observes @Priority(20) BeforeStart event, CamelContext context) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                for (String name : config.receiveConnectors().keySet()) {
                    // block (the default) waits for the 10-receive route while a reload replaces it
                    from("receive-connector:" + name).routeId("10-receive-" + name).to(PIPELINE);
                }
            }
        });
    }
}
