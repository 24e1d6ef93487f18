// The message tracking log end to end: one JSON object per event, every line of a message carrying its ids, RECEIVED first.
package io.caravan.it;

import io.caravan.receive.ReceiveConnectorComponent;
import io.caravan.testing.SmtpTestClient;
import io.caravan.testing.TrackingLog;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(value = MailWorld.class, restrictToAnnotatedClass = false)
class MessageTrackingTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    CamelContext camel;

    int port(String connector) {
        return camel.getComponent("receive-connector", ReceiveConnectorComponent.class).boundPort(connector).orElseThrow();
    }

    static byte[] message(String messageId, String subject) {
        return ("Message-ID: <" + messageId + ">\r\nSubject: " + subject + "\r\n\r\nhello\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    static List<JsonObject> awaitDelivered(String id) {
        Await.until(() -> !TrackingLog.events(id, "DELIVERED").isEmpty(), WAIT, "delivery of " + id);
        return TrackingLog.events(id);
    }

    @Test
    void everyEventOfAMessageCarriesItsQueueIdMessageIdAndSender() {
        String id;
        try (SmtpTestClient c = SmtpTestClient.connect(port("default"))) {
            id = RelayPipelineTest.queueId(c.sendMessage("tracked@origin.test", List.of("tracked@remote.test"),
                    "Message-ID:\r\n  <tracked.1@origin.test> \r\nSubject: private matters\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII)));
        }
        List<JsonObject> events = awaitDelivered(id);
        assertEquals(List.of("RECEIVED", "ROUTED", "DELIVERED"), TrackingLog.names(id));
        for (JsonObject e : events) {
            assertEquals("tracked.1@origin.test", e.getString("messageId"), e.encode());
            assertEquals("tracked@origin.test", e.getString("sender"), e.encode());
            assertEquals(List.of("tracked@remote.test"), e.getJsonArray("recipients").getList(), e.encode());
            assertEquals("127.0.0.1", e.getString("clientIp"), e.encode());
            assertTrue(e.getString("time").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), e.getString("time"));
        }
        JsonObject received = events.get(0);
        assertEquals("default", received.getString("connector"));
        assertTrue(Long.parseLong(received.getString("size")) > 0, received.encode());
        assertNull(received.getValue("subject"), "the subject is recorded only when caravan.tracking.subject is on");
        assertNull(received.getValue("tlsIn"), "a plaintext session");
        JsonObject delivered = events.get(2);
        assertTrue(delivered.getString("reply").startsWith("250 "), delivered.encode());
        assertEquals(received.getString("time"), delivered.getString("arrival"), "delivery events say when the message arrived");
    }

    @Test
    void aMessageWithoutMessageIdHasNoMessageIdField() {
        String id;
        try (SmtpTestClient c = SmtpTestClient.connect(port("default"))) {
            id = RelayPipelineTest.queueId(c.sendMessage("noid@origin.test", List.of("noid@remote.test"),
                    "Subject: no id\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII)));
        }
        awaitDelivered(id).forEach(e -> assertFalse(e.containsKey("messageId"), e.encode()));
    }

    @Test
    void receivedIsTheFirstEventOfEveryMessageEvenUnderLoad() throws Exception {
        int clients = 4;
        int perClient = 15;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<List<String>>> sent = new ArrayList<>();
        for (int n = 0; n < clients; n++) {
            int client = n;
            sent.add(pool.submit(() -> {
                List<String> ids = new ArrayList<>();
                try (SmtpTestClient c = SmtpTestClient.connect(port("default"))) {
                    for (int i = 0; i < perClient; i++) {
                        ids.add(RelayPipelineTest.queueId(c.sendMessage("load@origin.test", List.of("load" + client + "x" + i + "@remote.test"),
                                message("load." + client + "." + i + "@origin.test", "load"))));
                    }
                }
                return ids;
            }));
        }
        List<String> ids = new ArrayList<>();
        for (Future<List<String>> f : sent) {
            ids.addAll(f.get());
        }
        pool.shutdown();
        Await.until(() -> ids.stream().allMatch(id -> !TrackingLog.events(id, "DELIVERED").isEmpty()), WAIT, "delivery of all " + ids.size());
        List<JsonObject> all = TrackingLog.all();
        for (String id : ids) {
            List<String> names = all.stream().filter(e -> id.equals(e.getString("queueId"))).map(e -> e.getString("event")).toList();
            assertEquals(List.of("RECEIVED", "ROUTED", "DELIVERED"), names, id);
        }
    }

    @Test
    void aSessionInTlsRecordsItsProtocolAndCipherOnReceived() {
        String id;
        String expected;
        try (SmtpTestClient c = SmtpTestClient.connectTls(port("smtps"))) {
            id = RelayPipelineTest.queueId(c.sendMessage("tls@origin.test", List.of("tls-in@example.com"), message("tls@origin.test", "tls")));
            expected = c.tlsProtocol() + " " + c.tlsCipherSuite();
        }
        JsonObject received = Await.until(() -> TrackingLog.events(id, "RECEIVED").stream().findFirst().orElse(null), WAIT, "RECEIVED of " + id);
        assertEquals(expected, received.getString("tlsIn"));
        assertEquals("smtps", received.getString("connector"));
    }
}
