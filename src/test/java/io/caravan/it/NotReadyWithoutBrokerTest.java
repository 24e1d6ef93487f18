// Readiness while the external broker (caravan.broker.url) cannot be reached: DOWN with the reason, still alive.
package io.caravan.it;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@TestProfile(NotReadyWithoutBrokerTest.BrokerDown.class)
class NotReadyWithoutBrokerTest {

    /** An external broker on a loopback port where nothing listens. */
    public static class BrokerDown implements QuarkusTestProfile {
        static final int PORT = UnscannedMailTest.Profile.closedPort();

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("caravan.broker.url", "tcp://127.0.0.1:" + PORT);
        }
    }

    @Test
    void readinessIsDownAndNamesTheBrokerAndTheReason() {
        given().get("/q/health/ready").then().statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'caravan-broker' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'caravan-broker' }.data.broker", equalTo("tcp://127.0.0.1:" + BrokerDown.PORT))
                .body("checks.find { it.name == 'caravan-broker' }.data.reason", startsWith("the broker takes no connection: "))
                .body("checks.find { it.name == 'caravan-disk' }.status", equalTo("UP"));
    }

    @Test
    void livenessStaysUp() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }
}
