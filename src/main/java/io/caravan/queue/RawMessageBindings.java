// Puts RawMessageBinding on every jms: endpoint of the context, so every queue hop moves RawMessage bodies.
package io.caravan.queue;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.component.jms.JmsEndpoint;
import org.apache.camel.quarkus.main.events.BeforeStart;
import org.apache.camel.support.LifecycleStrategySupport;

/**
 * Set before the routes exist (their endpoints are created when Camel starts them), so no
 * consumer or producer ever works with Camel's default binding; the route YAML needs no option for it.
 */
@Singleton
public class RawMessageBindings {

    private final MessageSpool spool;

    public RawMessageBindings(MessageSpool spool) {
        this.spool = spool;
    }

    void install(@Observes @Priority(3) BeforeStart event, CamelContext context) {
        context.getEndpoints().forEach(this::bind);
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onEndpointAdd(Endpoint endpoint) {
                bind(endpoint);
            }
        });
    }

    private void bind(Endpoint endpoint) {
        if (endpoint instanceof JmsEndpoint jms && !(jms.getBinding() instanceof RawMessageBinding)) {
            jms.setBinding(new RawMessageBinding(jms, spool));
        }
    }
}
