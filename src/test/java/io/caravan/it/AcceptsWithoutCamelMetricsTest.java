// The 250 must not depend on Camel's metrics: with its exchange event notifier off, mail is still accepted and delivered.
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
 * The receive connector learns that a message reached the submission queue from Camel's "exchange sent" event.
 * Camel raises exchange events only when a notifier asked for them before the routes started; Micrometer's notifier
 * used to be the only one that did, so turning Camel metrics off made every message get 451.
 */
@QuarkusTest
@TestProfile(AcceptsWithoutCamelMetricsTest.NoCamelExchangeMetrics.class)
@QuarkusTestResource(value = MailWorld.class, restrictToAnnotatedClass = false)
class AcceptsWithoutCamelMetricsTest {

    public static class NoCamelExchangeMetrics implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.camel.metrics.enable-exchange-event-notifier", "false");
        }
    }

    @Inject
    CamelContext camel;

    @Test
    void aMessageGets250AndIsDeliveredWithCamelsExchangeMetricsOff() throws IOException {
        int port = camel.getComponent("receive-connector", ReceiveConnectorComponent.class).boundPort("default").orElseThrow();
        try (SmtpTestClient c = SmtpTestClient.connect(port)) {
            RelayPipelineTest.queueId(c.sendMessage("a@origin.test", List.of("nometrics@remote.test"),
                    "Subject: no metrics\r\n\r\nstill durable\r\n".getBytes(StandardCharsets.US_ASCII)));
        }
        RelayPipelineTest.awaitDeliveryTo("nometrics@remote.test");
    }
}
