// GET /api/diagnose and /api/diagnose/self against the running app: the JSON shape, a real destination, and 400 for bad input.
package io.caravan.it;

import io.caravan.cli.Cli;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.*;

@QuarkusTest
@QuarkusTestResource(value = MailWorld.class, restrictToAnnotatedClass = false)
class DiagnoseApiTest {

    @TestHTTPResource("/")
    URL api;

    @Test
    void theCaravanDiagnoseCommandExitsWith1WhenAFailureIsFoundAndPrintsIt() {
        Cli cli = Cli.run(Map.of("CARAVAN_URL", api.toString()), "diagnose", "nowhere.invalid");
        assertEquals(1, cli.exit(), cli.toString());
        assertTrue(cli.out().contains("[FAIL] MX records: nowhere.invalid does not exist (NXDOMAIN)"), cli.out());
        Cli self = Cli.run(Map.of("CARAVAN_URL", api.toString()), "diagnose", "--self");
        assertTrue(self.out().contains("== configuration"), self.toString());
    }

    @Test
    void aDestinationIsDiagnosedThroughItsSendConnectorAndMailHost() {
        JsonPath r = given().queryParam("target", "someone@remote.test").get("/api/diagnose")
                .then().statusCode(200).contentType("application/json").extract().jsonPath();
        assertEquals("someone@remote.test", r.getString("target"));
        List<String> summaries = r.getList("findings.summary");
        assertTrue(summaries.stream().anyMatch(s -> s.startsWith("Mail to remote.test goes by MX lookup")), summaries.toString());
        assertTrue(summaries.stream().anyMatch(s -> s.contains("accepts mail for someone@remote.test")), summaries.toString());
        assertTrue(List.of("ok", "warning", "failure").contains(r.getString("worst")));
        assertEquals("destination", r.getString("findings[0].section"));
        assertNotNull(r.getString("findings[0].evidence"));
        assertNotNull(r.getString("findings[0].fix"));
    }

    @Test
    void aDomainThatDoesNotExistIsAFailure() {
        JsonPath r = given().queryParam("target", "nowhere.invalid").get("/api/diagnose").then().statusCode(200).extract().jsonPath();
        assertEquals("failure", r.getString("worst"));
        assertTrue(r.getList("findings.summary").toString().contains("NXDOMAIN"));
    }

    @Test
    void malformedTargetsAndWindowsAre400WithAnError() {
        for (String bad : List.of("not a domain", "user@", "a..b", "-x.test")) {
            String error = given().queryParam("target", bad).get("/api/diagnose").then().statusCode(400).extract().jsonPath().getString("error");
            assertFalse(error.isBlank(), bad);
        }
        given().get("/api/diagnose").then().statusCode(400);
        given().queryParam("target", "remote.test").queryParam("window", "soon").get("/api/diagnose").then().statusCode(400);
        given().queryParam("window", "-1h").get("/api/diagnose/self").then().statusCode(400);
    }

    @Test
    void selfReportsOurSideConfigurationAndRecentTrouble() {
        JsonPath r = given().queryParam("window", "2h").get("/api/diagnose/self").then().statusCode(200).extract().jsonPath();
        assertEquals("self", r.getString("target"));
        List<String> sections = r.getList("findings.section");
        assertTrue(sections.containsAll(List.of("our side", "configuration", "recent trouble")), sections.toString());
    }
}
