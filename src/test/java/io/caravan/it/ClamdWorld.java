// Test resource: a real clamd started before Caravan, and Caravan's malware filter pointed at it.
package io.caravan.it;

import io.caravan.testing.ClamdProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** The profiles of the filter tests start it; tests reach the process through {@link #clamd} to stop, restart or freeze it. */
public class ClamdWorld implements QuarkusTestResourceLifecycleManager {

    static ClamdProcess clamd;

    @Override
    public Map<String, String> start() {
        clamd = ClamdProcess.start();
        return Map.of("caravan.checks.malware-filter.clamd.address", clamd.tcpAddress());
    }

    @Override
    public void stop() {
        if (clamd != null) {
            clamd.close();
        }
    }
}
