// The locked admin interface over HTTP: bearer tokens with roles, 401/403/429, the audit log, open health checks.
package io.caravan.it;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@TestProfile(AdminAccessTest.Tokens.class)
@QuarkusTestResource(value = MailWorld.class, restrictToAnnotatedClass = false)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminAccessTest {

    static final String ADMIN = "admin-token-0123456789abcdef";
    static final String VIEWER = "viewer-token-0123456789abcdef";

    public static class Tokens implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "caravan.admin.tokens.ops.role", "admin", "caravan.admin.tokens.ops.token", ADMIN,
                    "caravan.admin.tokens.grafana.role", "viewer", "caravan.admin.tokens.grafana.token", VIEWER,
                    "caravan.admin.max-failures", "5");
        }
    }

    @Test
    @Order(1)
    void withoutATokenTheApiAndTheConsolesAnswer401() {
        given().get("/api/queues").then().statusCode(401).header("WWW-Authenticate", "Bearer realm=\"caravan\"");
        given().get("/q/camel/dev-console/route").then().statusCode(401);
        given().header("Authorization", "Bearer " + ADMIN + "x").get("/api/quarantine").then().statusCode(401);
    }

    @Test
    @Order(2)
    void aViewerReadsButMayNotChange() {
        given().header("Authorization", "Bearer " + VIEWER).get("/api/queues").then().statusCode(200);
        given().header("Authorization", "Bearer " + VIEWER).post("/api/queues/retry").then().statusCode(403);
        given().header("Authorization", "Bearer " + VIEWER).delete("/api/quarantine/MX0000000000").then().statusCode(403);
    }

    @Test
    @Order(3)
    void anAdminChangesAndTheAuditLogSaysWhoAndWhat() {
        given().header("Authorization", "bearer " + ADMIN).post("/api/queues/retry").then().statusCode(200);
        Path audit = Path.of(ConfigProvider.getConfig().getValue("caravan.data-dir", String.class), "audit.log");
        String log = Await.until(() -> {
            try {
                String text = Files.exists(audit) ? Files.readString(audit) : "";
                return text.contains("action=\"POST /api/queues/retry\"") ? text : null;
            } catch (IOException e) {
                return null;
            }
        }, Duration.ofSeconds(10), "the audit line");
        assertTrue(log.contains("CHANGE who=ops client=127.0.0.1 action=\"POST /api/queues/retry\""), log);
        assertTrue(!log.contains("who=grafana"), "a refused change is not a change: " + log);
    }

    @Test
    @Order(4)
    void healthAndMetricsStayOpenForProbes() {
        given().get("/q/health").then().statusCode(200);
    }

    @Test
    @Order(5)
    void repeatedFailuresAreThrottledEvenForTheRightTokenAfterwards() {
        for (int i = 0; i < 5; i++) { // with the failures of the first test, the limit (5) is reached on the way
            int status = given().header("Authorization", "Bearer guess-" + i).get("/api/queues").then().extract().statusCode();
            assertTrue(status == 401 || status == 429, "status " + status);
        }
        given().header("Authorization", "Bearer " + ADMIN).get("/api/queues").then().statusCode(429);
    }
}
