// Endpoint "receive-connector:<name>": the SMTP listener configured under caravan.receive-connectors.<name>.
package io.caravan.receive;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

import java.time.Duration;

final class ReceiveConnectorEndpoint extends DefaultEndpoint {

    private final String name;
    private final ReceiveConnectorComponent component;

    ReceiveConnectorEndpoint(String uri, ReceiveConnectorComponent component, String name) {
        super(uri, component);
        this.name = name;
        this.component = component;
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        SmtpServer server = new SmtpServer(this, processor, component.vertx());
        configureConsumer(server);
        component.register(name, server);
        return server;
    }

    @Override
    public Producer createProducer() {
        throw new IllegalArgumentException("receive-connector:" + name + " can only be used in from:, it receives mail");
    }

    ConnectorContext connectorContext(ConnectorContext.Submitter submitter) {
        return component.connectorContext(name, submitter);
    }

    io.caravan.receive.tls.TlsMaterial tlsMaterial() {
        return component.tlsMaterial();
    }

    io.caravan.mail.InspectionGate inspectionGate() {
        return component.inspectionGate();
    }

    Duration expiry() {
        return component.expiry();
    }

    io.caravan.tracking.MessageEvents events() {
        return component.events();
    }
}
