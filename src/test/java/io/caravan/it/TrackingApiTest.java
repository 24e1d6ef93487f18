// The tracking search over HTTP with a viewer's token: results, a message's timeline, and a clear 400 or 404 for bad input.
package io.caravan.it;

import io.caravan.tracking.TrackingEvent;
import io.caravan.tracking.TrackingEvent.Type;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import io.caravan.receive.ReceiveConnectorComponent;
import io.caravan.testing.SmtpTestClient;
import org.apache.camel.CamelContext;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@TestProfile(TrackingApiTest.ViewerToken.class)
@QuarkusTestResource(value = MailWorld.class, restrictToAnnotatedClass = false)
class TrackingApiTest {

    static final String VIEWER = "tracking-viewer-token-0123456789";
    static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");

    public static class ViewerToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("caravan.admin.tokens.support.role", "viewer", "caravan.admin.tokens.support.token", VIEWER);
        }
    }

    @Inject
    Event<TrackingEvent> tracking;

    @Inject
    CamelContext camel;

    static RequestSpecification viewer() {
        return given().header("Authorization", "Bearer " + VIEWER);
    }

    /** Q1 from alice to bob failed and caused the DSN Q2 back to alice; fired as the stages fire them. */
    @BeforeEach
    void mail() {
        if (viewer().get("/api/tracking?queueId=TAQ2").then().extract().path("events.size()").equals(2)) {
            return;
        }
        List<String> bob = List.of("Bob@Example.org");
        tracking.fire(new TrackingEvent(T0, Type.RECEIVED, "TAQ1", "m1@example.com", "alice@example.com", bob, "192.0.2.7",
                Map.of("connector", "default", "size", "321")));
        tracking.fire(new TrackingEvent(T0.plusSeconds(1), Type.DEFERRED, "TAQ1", "m1@example.com", "alice@example.com", bob, "192.0.2.7",
                Map.of("host", "mx.example.org[192.0.2.25]:25", "reply", "451 4.3.0 Try later")));
        tracking.fire(new TrackingEvent(T0.plusSeconds(2), Type.FAILED, "TAQ1", "m1@example.com", "alice@example.com", bob, "192.0.2.7",
                Map.of("host", "mx.example.org[192.0.2.25]:25", "reply", "550 5.1.1 <bob@example.org>: no such user")));
        tracking.fire(new TrackingEvent(T0.plusSeconds(3), Type.DSN_SENT, "TAQ1", "m1@example.com", "alice@example.com", bob, "192.0.2.7",
                Map.of("action", "failed", "dsnId", "TAQ2")));
        tracking.fire(new TrackingEvent(T0.plusSeconds(4), Type.RECEIVED, "TAQ2", "dsn2@caravan.test", "", List.of("alice@example.com"), "",
                Map.of("reportsOn", "TAQ1")));
        tracking.fire(new TrackingEvent(T0.plusSeconds(5), Type.DELIVERED, "TAQ2", "dsn2@caravan.test", "", List.of("alice@example.com"), "",
                Map.of("reply", "250 2.0.0 Ok")));
        Await.until(() -> viewer().get("/api/tracking?queueId=TAQ2").then().extract().path("events.size()").equals(2),
                Duration.ofSeconds(30), "the events indexed");
    }

    @Test
    void aViewerFindsARecipientsEventsNewestFirstWithTheRemoteReply() {
        JsonPath found = viewer().get("/api/tracking?recipient=bob@EXAMPLE.org").then().statusCode(200)
                .contentType("application/json").extract().jsonPath();
        assertEquals(List.of("DSN_SENT", "FAILED", "DEFERRED", "RECEIVED"), found.getList("events.event"));
        assertEquals("550 5.1.1 <bob@example.org>: no such user", found.getString("events[1].reply"));
        assertEquals("2026-12-04T10:00:02.000Z", found.getString("events[1].time"), "as in tracking.log");
        assertEquals("TAQ1", found.getString("events[1].queueId"));
        assertEquals("m1@example.com", found.getString("events[1].messageId"));
        assertEquals("alice@example.com", found.getString("events[1].sender"));
        assertEquals(List.of("Bob@Example.org"), found.getList("events[1].recipients"));
        assertEquals("192.0.2.7", found.getString("events[1].clientIp"));
        assertEquals(100, found.getInt("limit"));
        assertFalse(found.getBoolean("more"));
    }

    @Test
    void combinesFiltersAndSaysWhenTheLimitCutsOff() {
        JsonPath page = viewer().get("/api/tracking?sender=ALICE@example.com&event=FAILED,DEFERRED,RECEIVED&start=2026-12-04&limit=2")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("FAILED", "DEFERRED"), page.getList("events.event"));
        assertTrue(page.getBoolean("more"));
        assertEquals(2, page.getInt("limit"));
        assertEquals(List.of("DELIVERED"), viewer().get("/api/tracking?messageId=<dsn2@caravan.test>&event=delivered")
                .then().statusCode(200).extract().jsonPath().getList("events.event"));
        assertEquals(4, viewer().get("/api/tracking?clientIp=192.0.2.7&end=2026-12-04T10:00:04Z")
                .then().statusCode(200).extract().jsonPath().getList("events").size());
    }

    @Test
    void aMessagesTimelineIncludesTheDsnItCausedAndTheDsnsIncludesTheMessage() {
        JsonPath t = viewer().get("/api/tracking/messages/TAQ1").then().statusCode(200).extract().jsonPath();
        assertEquals("TAQ1", t.getString("queueId"));
        assertEquals(List.of("TAQ2"), t.getList("related"));
        assertEquals(List.of("RECEIVED", "DEFERRED", "FAILED", "DSN_SENT", "RECEIVED", "DELIVERED"), t.getList("events.event"));
        assertEquals(List.of("TAQ1"), viewer().get("/api/tracking/messages/TAQ2").then().statusCode(200).extract().jsonPath().getList("related"));
    }

    @Test
    void anUnknownMessageIs404() {
        Response r = viewer().get("/api/tracking/messages/NOSUCHQUEUEID");
        r.then().statusCode(404).contentType("application/json");
        assertTrue(r.jsonPath().getString("error").contains("NOSUCHQUEUEID"));
    }

    @Test
    void withoutATokenTheSearchIs401() {
        given().get("/api/tracking?recipient=bob@example.org").then().statusCode(401);
    }

    @Test
    void badInputIsAClear400WithoutAStackTrace() {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("/api/tracking?start=yesterday", "start must be an ISO-8601 instant");
        cases.put("/api/tracking?start=2026-12-04T10:00:00Z&end=2026-12-03T10:00:00Z", "must be after start");
        cases.put("/api/tracking?start=2020-01-01&end=2026-01-01", "longer than 400 days");
        cases.put("/api/tracking?limit=0", "limit must be a number from 1 to 1000");
        cases.put("/api/tracking?limit=1001", "limit must be a number from 1 to 1000");
        cases.put("/api/tracking?event=BOUNCED", "unknown event");
        cases.put("/api/tracking?recipient=" + "x".repeat(600), "longer than 512 characters");
        cases.put("/api/tracking?recipients=bob@example.org", "unknown parameter");
        cases.put("/api/tracking?sender=a@example.com&sender=b@example.com", "give sender once");
        cases.put("/api/tracking?clientIp=%3Cscript%3E", "clientIp must be");
        cases.put("/api/tracking/messages/bad%20id'", "a queue id is");
        cases.forEach((url, error) -> {
            Response r = viewer().get(url);
            r.then().statusCode(400).contentType("application/json");
            String body = r.asString();
            assertTrue(r.jsonPath().getString("error").contains(error), url + " -> " + body);
            assertFalse(body.contains("Exception") || body.contains("\tat ") || body.contains("<script>"), url + " -> " + body);
        });
    }

    int smtpPort() {
        return camel.getComponent("receive-connector", ReceiveConnectorComponent.class).boundPort("default").orElseThrow();
    }

    @Test
    void aMessageSentOverSmtpIsFoundByRecipientWithTheRemoteServersReply() {
        String id;
        try (SmtpTestClient c = SmtpTestClient.connect(smtpPort())) {
            id = RelayPipelineTest.queueId(c.sendMessage("e2e-sender@origin.test", List.of("E2E-Found@remote.test"),
                    "Message-ID: <e2e.1@origin.test>\r\nSubject: find me\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII)));
        }
        JsonPath found = Await.until(() -> {
            JsonPath p = viewer().get("/api/tracking?recipient=e2e-found@REMOTE.test").then().statusCode(200).extract().jsonPath();
            return p.getList("events.event").contains("DELIVERED") ? p : null;
        }, Duration.ofSeconds(60), "the delivery found by recipient");
        assertEquals(List.of("DELIVERED", "ROUTED", "RECEIVED"), found.getList("events.event"));
        assertEquals(id, found.getString("events[0].queueId"));
        assertEquals("e2e.1@origin.test", found.getString("events[0].messageId"));
        assertEquals("e2e-sender@origin.test", found.getString("events[0].sender"));
        assertEquals("250 2.0.0 Ok", found.getString("events[0].reply"), "the remote server's reply");
        assertTrue(found.getString("events[0].host").contains("127.0.0.1"), found.prettify());
        assertEquals(List.of("RECEIVED", "ROUTED", "DELIVERED"),
                viewer().get("/api/tracking/messages/" + id).then().statusCode(200).extract().jsonPath().getList("events.event"));
    }

    @Test
    void aRefusedRecipientsTimelineLeadsToTheDsnItCaused() {
        MailWorld.mx.onRcpt("e2e-unknown@remote.test", "550 5.1.1 <e2e-unknown@remote.test>: Recipient address rejected");
        String id;
        try (SmtpTestClient c = SmtpTestClient.connect(smtpPort())) {
            id = RelayPipelineTest.queueId(c.sendMessage("e2e-bounced@example.com", List.of("e2e-unknown@remote.test"),
                    "Subject: bounce me\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII)));
        }
        JsonPath t = Await.until(() -> {
            var r = viewer().get("/api/tracking/messages/" + id);
            if (r.statusCode() == 404) {
                return null; // not indexed yet: the store takes events in batches
            }
            JsonPath p = r.then().statusCode(200).extract().jsonPath();
            return p.getList("related").isEmpty() || !p.getList("events.reportsOn").contains(id) ? null : p;
        }, Duration.ofSeconds(60), "the DSN in the timeline");
        String dsn = t.getString("related[0]");
        assertTrue(t.getList("events.event").containsAll(List.of("RECEIVED", "FAILED", "DSN_SENT")), t.prettify());
        assertTrue(t.getString("events.find { it.event == 'FAILED' }.reply").startsWith("550 5.1.1"), t.prettify());
        assertEquals(List.of(id), viewer().get("/api/tracking/messages/" + dsn).then().statusCode(200).extract().jsonPath().getList("related"));
    }
}
