// Point 3 of the checklist, in order: accepted domains routed, receive connectors (bound, no open relay, AUTH usable), certificate and resources.
package io.caravan.diagnostics.configuration;

import io.caravan.diagnostics.Diagnosis;

public final class ConfigurationChecks {

    public static final String SECTION = "configuration";

    private ConfigurationChecks() {
    }

    public static Diagnosis add(Diagnosis diagnosis, ConnectorCoverage coverage, ReceiveConnectorReview receive, ServerResources resources) {
        return diagnosis
                .add(SECTION, "send connectors", coverage)
                .add(SECTION, "receive connectors", receive)
                .add(SECTION, "resources", resources);
    }
}
