package io.caravan.filter;

import io.caravan.check.AgentFixture;
import io.caravan.check.ChecksConfig;
import io.caravan.receive.connector.ReceiveConnectorsConfig;
import io.caravan.testing.ConfigStub;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FilterConfigurationCheckTest {

    private static List<String> errors(List<String> connectors) {
        ChecksConfig checks = ConfigStub.of(ChecksConfig.class, Map.of("agents",
                Map.of("spf", AgentFixture.settings("reject", connectors))));
        ReceiveConnectorsConfig receive = ConfigStub.of(ReceiveConnectorsConfig.class, Map.of("receiveConnectors",
                Map.of("default", "x", "client", "y")));
        return new FilterConfigurationCheck(checks, receive).configurationErrors();
    }

    @Test
    void aConnectorThatDoesNotExistIsNamed() {
        assertEquals(List.of("caravan.checks.spf.connectors: no receive connector is called 'defualt' (known: client, default)"),
                errors(List.of("default", "defualt")));
    }

    @Test
    void existingConnectorsPass() {
        assertEquals(List.of(), errors(List.of("default")));
        assertEquals(List.of(), errors(List.of()));
    }
}
