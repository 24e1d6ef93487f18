// The queue viewer over HTTP: listing per next hop, retry now, suspend and resume, remove with and without a report, poison.
package io.caravan.it;

import io.caravan.mail.Envelope;
import io.caravan.mail.MailAddress;
import io.caravan.receive.ReceiveConnectorComponent;
import io.caravan.testing.SmtpTestClient;
import io.caravan.testing.TrackingLog;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.*;

@QuarkusTest
@QuarkusTestResource(value = MailWorld.class, restrictToAnnotatedClass = false)
class QueueApiTest {

    static final byte[] BODY = "Subject: queued\r\n\r\nwaiting\r\n".getBytes(StandardCharsets.US_ASCII);

    @Inject
    CamelContext camel;

    @Inject
    ProducerTemplate producer;

    String send(String from, String to) throws IOException {
        int port = camel.getComponent("receive-connector", ReceiveConnectorComponent.class).boundPort("default").orElseThrow();
        try (SmtpTestClient c = SmtpTestClient.connect(port)) {
            return RelayPipelineTest.queueId(c.sendMessage(from, List.of(to), BODY));
        }
    }

    static JsonPath nextHops() {
        return given().get("/api/queues").then().statusCode(200).extract().jsonPath();
    }

    static List<String> queuedIds(String nextHop) {
        return given().get("/api/queues/" + nextHop).then().statusCode(200).extract().jsonPath().getList("messages.queueId");
    }

    @Test
    void aSuspendedNextHopHoldsItsMailAndResumingDeliversIt() throws IOException {
        given().post("/api/queues/hold.test/suspend").then().statusCode(200);
        String id = send("s@remote.test", "held@hold.test");
        Await.until(() -> queuedIds("hold.test").contains(id), Duration.ofSeconds(30), id + " listed under hold.test");
        JsonPath queues = nextHops();
        assertEquals(Boolean.TRUE, queues.get("nextHops.find { it.nextHop == 'hold.test' }.suspended"));
        assertEquals(1, (int) queues.get("nextHops.find { it.nextHop == 'hold.test' }.messages"));
        assertEquals("anonymous", queues.get("nextHops.find { it.nextHop == 'hold.test' }.suspendedBy"), "no tokens are configured here");
        assertNotNull(queues.get("nextHops.find { it.nextHop == 'hold.test' }.suspendedSince"));
        assertEquals(Boolean.TRUE, queues.get("suspensions.current"), "read from the broker: " + queues.prettify());
        assertEquals(20, queues.getInt("maxPerNextHop.perInstance"), "caravan.delivery.max-per-next-hop, per instance");
        assertTrue(queues.getLong("queues.'caravan.delivery'") >= 1);
        Map<String, Object> copy = given().get("/api/queues/hold.test").then().extract().jsonPath().getMap("messages[0]");
        assertEquals("s@remote.test", copy.get("from"));
        assertEquals(List.of("held@hold.test"), copy.get("recipients"));
        assertEquals(BODY.length, ((Number) copy.get("size")).intValue() - receivedFieldLength(id));
        assertTrue(MailWorld.mx.received().stream().noneMatch(m -> m.rcptTo().contains("held@hold.test")), "held while suspended");

        given().post("/api/queues/hold.test/resume").then().statusCode(200);
        RelayPipelineTest.awaitDeliveryTo("held@hold.test");
    }

    /** The copy's size includes our Received field; it is what the recorder got minus the original. */
    private static int receivedFieldLength(String id) {
        return ("Received: from client.test ([127.0.0.1])\r\n\tby caravan.test (Caravan) with ESMTP id " + id
                + "\r\n\tfor <held@hold.test>; ").length() + dateLength();
    }

    private static int dateLength() {
        return java.time.format.DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", java.util.Locale.US)
                .format(java.time.ZonedDateTime.now()).length() + 2;
    }

    @Test
    void removingWithAReportTellsTheSender() throws IOException {
        given().post("/api/queues/hold-report.test/suspend").then().statusCode(200);
        String id = send("removed@remote.test", "x@hold-report.test");
        Await.until(() -> queuedIds("hold-report.test").contains(id), Duration.ofSeconds(30), id + " queued");
        assertEquals(1, given().delete("/api/messages/" + id + "?report=yes").then().statusCode(200).extract().jsonPath().getInt("removed"));
        Dsn dsn = Dsn.await("removed@remote.test");
        assertTrue(dsn.deliveryStatus().contains("removed from the queue by the mail administrator"), dsn.deliveryStatus());
        assertTrue(queuedIds("hold-report.test").isEmpty());
        given().post("/api/queues/hold-report.test/resume").then().statusCode(200);
    }

    @Test
    void removingWithoutAReportDeletesSilently() throws IOException {
        given().post("/api/queues/hold-silent.test/suspend").then().statusCode(200);
        String id = send("silent@remote.test", "x@hold-silent.test");
        Await.until(() -> queuedIds("hold-silent.test").contains(id), Duration.ofSeconds(30), id + " queued");
        assertEquals(1, given().delete("/api/messages/" + id).then().statusCode(200).extract().jsonPath().getInt("removed"));
        assertTrue(queuedIds("hold-silent.test").isEmpty());
        assertTrue(TrackingLog.events(id, "REMOVED").stream().anyMatch(e -> "no".equals(e.getString("report")) && "anonymous".equals(e.getString("by"))
                && "silent@remote.test".equals(e.getString("sender"))), TrackingLog.events(id).toString());
        given().post("/api/queues/hold-silent.test/resume").then().statusCode(200);
    }

    @Test
    void retryNowDeliversACopyWaitingForALaterAttempt() {
        String id = "LATER" + System.nanoTime();
        Map<String, Object> headers = new HashMap<>();
        long now = System.currentTimeMillis();
        new Envelope(id, MailAddress.parse("s@remote.test"), List.of(MailAddress.parse("now@later.test")), "7BIT", "default",
                "127.0.0.1", "client.test", now, now + 3_600_000, 1).writeTo(headers);
        headers.put("CaravanSendConnector", "internet");
        headers.put("CaravanNextHop", "later.test");
        headers.put("CaravanLastReply", "451 4.3.0 Try again later");
        headers.put("_AMQ_SCHED_DELIVERY", now + 3_600_000);
        producer.sendBodyAndHeaders("jms:queue:caravan.delivery?jmsMessageType=Bytes", BODY, headers);
        Map<String, Object> copy = Await.until(() -> given().get("/api/queues/later.test").then().extract().jsonPath()
                .<Map<String, Object>>getList("messages").stream().findFirst().orElse(null), Duration.ofSeconds(30), "the waiting copy");
        assertEquals(id, copy.get("queueId"));
        assertNotNull(copy.get("nextAttempt"));
        assertEquals("451 4.3.0 Try again later", copy.get("lastReply"));

        given().post("/api/queues/later.test/retry").then().statusCode(200);
        RelayPipelineTest.awaitDeliveryTo("now@later.test");
    }

    @Test
    void poisonedMessagesAreListedAndCanBeResubmitted() {
        String id = "POISON" + System.nanoTime();
        producer.sendBodyAndHeaders("jms:queue:caravan.submission?jmsMessageType=Bytes", BODY,
                Map.of("CaravanQueueId", id, "CaravanMailFrom", "not an address", "CaravanRecipients", "x@remote.test"));
        Await.until(() -> given().get("/api/poison").then().extract().jsonPath().getList("messages.queueId").contains(id),
                Duration.ofSeconds(30), id + " on the poison queue");
        String reason = given().get("/api/poison").then().extract().jsonPath()
                .getString("messages.find { it.queueId == '" + id + "' }.poisonReason");
        assertTrue(reason.matches("failed \\d+ times in caravan.submission: .+"), "why it is there: " + reason);
        JsonObject poisoned = Await.until(() -> TrackingLog.events(id, "POISONED").stream().findFirst().orElse(null),
                Duration.ofSeconds(10), "the POISONED event");
        assertEquals("caravan.submission", poisoned.getString("queue"));
        assertEquals("not an address", poisoned.getString("sender"), "read as stored, even when it is broken");
        assertEquals(List.of("x@remote.test"), poisoned.getJsonArray("recipients").getList());
        assertEquals(1, given().post("/api/poison/" + id + "/resubmit").then().statusCode(200).extract().jsonPath().getInt("resubmitted"));
        assertFalse(given().get("/api/poison").then().extract().jsonPath().getList("messages.queueId").contains(id),
                "resubmitted: it left the poison queue");
        assertEquals("anonymous", TrackingLog.events(id, "RESUBMITTED").get(0).getString("by"), "no tokens are configured here");
        Await.until(() -> given().get("/api/poison").then().extract().jsonPath().getList("messages.queueId").contains(id),
                Duration.ofSeconds(30), id + " back on the poison queue after failing the stage again");
    }
}
