// What an operator's monitoring sees: health, Prometheus metrics and the Camel dev consoles over HTTP.
package io.caravan.it;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

@QuarkusTest
@QuarkusTestResource(value = MailWorld.class, restrictToAnnotatedClass = false)
class MonitoringTest {

    @Test
    void healthIsUpWithTheBrokerAndTheRoutes() {
        given().get("/q/health").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("caravan-broker"))
                .body("checks.name", hasItem("camel-routes"));
    }

    @Test
    void readinessChecksTheBrokerAndTheDiskOnceEach() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'caravan-broker' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'caravan-broker' }.data.broker", equalTo("embedded"))
                .body("checks.find { it.name == 'caravan-disk' }.status", equalTo("UP"))
                .body("checks.name", not(hasItem("Artemis JMS health check")));
    }

    @Test
    void queueGaugesAreExportedForEveryQueue() {
        Await.until(() -> given().get("/q/metrics").then().statusCode(200).extract().asString()
                .contains("caravan_queue_messages{queue=\"caravan.delivery\"}"), Duration.ofSeconds(30), "the first queue reading");
        given().get("/q/metrics").then()
                .body(containsString("caravan_queue_messages{queue=\"caravan.submission\"}"))
                .body(containsString("caravan_queue_oldest_age_seconds{queue=\"caravan.poison\"}"));
    }

    @Test
    void prometheusMetricsCoverEveryStage() {
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("routeId=\"30-categorize\""))
                .body(containsString("routeId=\"50-delivery\""));
    }

    @Test
    void routeConsoleShowsEachStageWithItsSourceFile() {
        given().get("/q/camel/dev-console/route").then().statusCode(200)
                .body("route.routes.routeId", hasItem("10-receive-default"))
                .body("route.routes.source", hasItem("file:routes/30-categorize.yaml:9"));
        given().get("/q/camel/dev-console/no-such-console<script>").then().statusCode(404)
                .contentType("text/plain").body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("<script>")));
    }

    @Test
    void consolesThatHoldMessagesShowSecretsOrActOnThePipelineAreNotServed() {
        given().get("/q/camel/dev-console/jvm").then().statusCode(200);
        for (String id : new String[] {"event", "message-history", "browse", "receive", "send", "debug", "trace", "properties"}) {
            given().get("/q/camel/dev-console/" + id).then().statusCode(404);
        }
    }
}
