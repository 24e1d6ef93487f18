// The 250 must not depend on Camel's metrics: off (the default) or on, mail is accepted and delivered.
package io.caravan.it;

import io.caravan.receive.ReceiveConnectorComponent;
import io.caravan.testing.SmtpTestClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The receive connector learns that a message reached a stage queue from Camel's "exchange sent" event.
 * Camel raises exchange events only when a notifier asked for them before the routes started; Micrometer's notifier
 * used to be the only one that did, so turning Camel metrics off made every message get 451. Caravan now ships with
 * that notifier off (every other test runs so); this one turns it back on, as an operator may.
 */
@QuarkusTest
@TestProfile(AcceptsWithCamelExchangeMetricsTest.CamelExchangeMetrics.class)
@QuarkusTestResource(value = MailWorld.class, restrictToAnnotatedClass = false)
class AcceptsWithCamelExchangeMetricsTest {

    public static class CamelExchangeMetrics implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.camel.metrics.enable-exchange-event-notifier", "true");
        }
    }

    @Inject
    CamelContext camel;

    @Test
    void aMessageGets250AndIsDeliveredWithCamelsExchangeMetricsOn() throws IOException {
        int port = camel.getComponent("receive-connector", ReceiveConnectorComponent.class).boundPort("default").orElseThrow();
        try (SmtpTestClient c = SmtpTestClient.connect(port)) {
            RelayPipelineTest.queueId(c.sendMessage("a@origin.test", List.of("nometrics@remote.test"),
                    "Subject: no metrics\r\n\r\nstill durable\r\n".getBytes(StandardCharsets.US_ASCII)));
        }
        RelayPipelineTest.awaitDeliveryTo("nometrics@remote.test");
    }
}
