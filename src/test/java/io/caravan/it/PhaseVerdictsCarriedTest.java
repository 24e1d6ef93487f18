// Verdicts given at MAIL and RCPT that do not refuse reach the message over real SMTP: a sender filter tag, a connection filter quarantine.
package io.caravan.it;

import io.caravan.receive.ReceiveConnectorComponent;
import io.caravan.testing.SmtpTestClient;
import io.caravan.testing.TrackingLog;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Receive connector "guarded": the sender filter tags instead of refusing, the connection filter quarantines 127.0.0.50. */
@QuarkusTest
@TestProfile(PhaseVerdictsCarriedTest.Tagging.class)
@QuarkusTestResource(value = MailWorld.class, restrictToAnnotatedClass = false)
class PhaseVerdictsCarriedTest {

    public static class Tagging implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "caravan.receive-connectors.guarded.port", "0",
                    "caravan.receive-connectors.guarded.bind", "127.0.0.1",
                    "caravan.checks.sender-filter.connectors", "guarded",
                    "caravan.checks.sender-filter.blocked-domains", "bad.test",
                    "caravan.checks.sender-filter.action", "tag",
                    "caravan.checks.connection-filter.connectors", "guarded",
                    "caravan.checks.connection-filter.block", "127.0.0.50",
                    "caravan.checks.connection-filter.action", "quarantine");
        }
    }

    @Inject
    CamelContext camel;

    private String send(String clientIp, String from, String to, String subject) {
        int port = camel.getComponent("receive-connector", ReceiveConnectorComponent.class).boundPort("guarded").orElseThrow();
        try (SmtpTestClient c = SmtpTestClient.connectFrom(clientIp, port)) {
            byte[] body = ("From: <" + from + ">\r\nSubject: " + subject + "\r\n\r\nhello\r\n").getBytes(StandardCharsets.UTF_8);
            return RelayPipelineTest.queueId(c.sendMessage(from, List.of(to), body));
        }
    }

    @Test
    void aTaggedSenderIsAcceptedAndTheDeliveredMessageSaysWhyOnce() {
        int port = camel.getComponent("receive-connector", ReceiveConnectorComponent.class).boundPort("guarded").orElseThrow();
        String id;
        try (SmtpTestClient c = SmtpTestClient.connectFrom("127.0.0.51", port)) {
            byte[] body = "From: <news@bad.test>\r\nSubject: offer\r\n\r\nhello\r\n".getBytes(StandardCharsets.UTF_8);
            id = RelayPipelineTest.queueId(c.sendMessage("news@bad.test", List.of("tagged@example.com", "tagged2@example.com"), body));
        }
        String stored = Await.until(() -> EmailAuthenticationTest.maildir("tagged"), Duration.ofSeconds(30), "the tagged message");
        assertEquals(1, stored.split("X-Caravan-Sender-Filter: blocked sender <news@bad.test> \\(domain bad.test\\)\r\n", -1).length - 1, stored);
        assertTrue(TrackingLog.events(id).stream().anyMatch(e -> TrackingLog.inspected(e, "sender-filter", "blocked", "tagged")),
                TrackingLog.events(id).toString());
    }

    @Test
    void aQuarantineChosenAtRcptHoldsTheMessageAtEndOfData() {
        String id = send("127.0.0.50", "someone@remote.test", "held@example.com", "from a listed client");
        var held = given().get("/api/quarantine").then().statusCode(200).extract().jsonPath();
        int i = held.getList("messages.queueId").indexOf(id);
        assertTrue(i >= 0, "held in the quarantine: " + held.prettify());
        assertEquals("connection-filter", held.getString("messages[" + i + "].agent"));
        assertTrue(held.getString("messages[" + i + "].reason").startsWith("127.0.0.50 is on the local block list"), held.prettify());
        assertNull(EmailAuthenticationTest.maildir("held"), "not delivered while held");
    }
}
