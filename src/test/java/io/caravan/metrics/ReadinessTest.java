// The readiness checks alone: broker reachable, disk above its threshold, each DOWN with its reason.
package io.caravan.metrics;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ReadinessTest {

    static final long MB = 1024 * 1024;

    @Test
    void diskIsReadyAtOrAboveTheThreshold() {
        HealthCheckResponse r = new DiskSpaceReadiness("data", 500 * MB, () -> 500 * MB).call();
        assertEquals(HealthCheckResponse.Status.UP, r.getStatus());
        assertEquals("caravan-disk", r.getName());
        assertEquals(500 * MB, r.getData().orElseThrow().get("free-bytes"));
    }

    @Test
    void diskIsNotReadyBelowTheThresholdAndSaysWhy() {
        HealthCheckResponse r = new DiskSpaceReadiness("/var/lib/caravan", 500 * MB, () -> 120 * MB).call();
        assertEquals(HealthCheckResponse.Status.DOWN, r.getStatus());
        Map<String, Object> data = r.getData().orElseThrow();
        assertEquals("/var/lib/caravan", data.get("data-dir"));
        assertEquals("free disk under caravan.data-dir is 120 MB, below caravan.back-pressure.min-free-disk (500 MB): "
                + "new mail gets 452 4.3.1", data.get("reason"));
    }

    @Test
    void brokerIsReadyWhenItTakesAConnectionWhichIsClosedAgain() {
        boolean[] closed = {false};
        jakarta.jms.Connection connection = (jakarta.jms.Connection) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {jakarta.jms.Connection.class}, (p, m, a) -> {
                    if (m.getName().equals("close")) {
                        closed[0] = true;
                    }
                    return null;
                });
        HealthCheckResponse r = new BrokerReadiness(() -> connection, "embedded").call();
        assertEquals(HealthCheckResponse.Status.UP, r.getStatus());
        assertEquals("embedded", r.getData().orElseThrow().get("broker"));
        assertTrue(closed[0]);
    }

    @Test
    void brokerIsNotReadyWhenItTakesNoConnectionAndSaysWhy() {
        HealthCheckResponse r = new BrokerReadiness(() -> {
            throw new IllegalStateException("AMQ219007: Cannot connect to server(s)");
        }, "tcp://artemis:61616").call();
        assertEquals(HealthCheckResponse.Status.DOWN, r.getStatus());
        assertEquals("caravan-broker", r.getName());
        assertEquals("the broker takes no connection: AMQ219007: Cannot connect to server(s)", r.getData().orElseThrow().get("reason"));
    }

    @Test
    void theBrokerAddressShownHasNoCredentials() {
        assertEquals("tcp://artemis:61616", BrokerReadiness.withoutSecrets("tcp://artemis:61616?user=caravan&password=s3cret"));
        assertEquals("tcp://artemis:61616", BrokerReadiness.withoutSecrets("tcp://caravan:s3cret@artemis:61616"));
        assertEquals("(tcp://a:61616,tcp://b:61616)", BrokerReadiness.withoutSecrets("(tcp://a:61616,tcp://b:61616)?ha=true&reconnectAttempts=-1"));
    }
}
