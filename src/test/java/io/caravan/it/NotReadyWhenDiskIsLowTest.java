// Readiness with less free disk than caravan.back-pressure.min-free-disk: DOWN with the reason, still alive.
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
@TestProfile(NotReadyWhenDiskIsLowTest.NoDiskIsThatLarge.class)
class NotReadyWhenDiskIsLowTest {

    /** A threshold above the free space of any disk. */
    public static class NoDiskIsThatLarge implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("caravan.back-pressure.min-free-disk", "999999999G");
        }
    }

    @Test
    void readinessIsDownAndSaysTheDiskIsBelowItsThreshold() {
        given().get("/q/health/ready").then().statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'caravan-disk' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'caravan-disk' }.data.reason", startsWith("free disk under caravan.data-dir is "))
                .body("checks.find { it.name == 'caravan-broker' }.status", equalTo("UP"));
    }

    @Test
    void livenessStaysUp() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }
}
