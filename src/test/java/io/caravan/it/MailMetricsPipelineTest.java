// Mail metrics over real sockets: a message in over SMTP and out to the recording server shows up on /q/metrics.
package io.caravan.it;

import io.caravan.receive.ReceiveConnectorComponent;
import io.caravan.testing.SmtpTestClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.*;

@QuarkusTest
@QuarkusTestResource(value = MailWorld.class, restrictToAnnotatedClass = false)
class MailMetricsPipelineTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final byte[] BODY = "Subject: counted\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    @Inject
    CamelContext camel;

    int port(String connector) {
        return camel.getComponent("receive-connector", ReceiveConnectorComponent.class).boundPort(connector).orElseThrow();
    }

    /** The sum of a metric's samples whose labels match, from one scrape of /q/metrics. */
    static double sample(String name, Predicate<Map<String, String>> labels) {
        double sum = 0;
        for (String line : given().get("/q/metrics").then().statusCode(200).extract().asString().split("\n")) {
            Matcher m = SAMPLE.matcher(line.strip());
            if (!line.startsWith("#") && m.matches() && m.group(1).equals(name)) {
                Map<String, String> l = new HashMap<>();
                Matcher lm = LABEL.matcher(m.group(2) == null ? "" : m.group(2));
                while (lm.find()) {
                    l.put(lm.group(1), lm.group(2));
                }
                if (labels.test(l)) {
                    sum += Double.parseDouble(m.group(3));
                }
            }
        }
        return sum;
    }

    static Predicate<Map<String, String>> with(String... pairs) {
        return l -> {
            for (int i = 0; i < pairs.length; i += 2) {
                if (!pairs[i + 1].equals(l.get(pairs[i]))) {
                    return false;
                }
            }
            return true;
        };
    }

    static void awaitIncrease(String name, Predicate<Map<String, String>> labels, double before) {
        Await.until(() -> sample(name, labels) > before, WAIT, name + " to grow past " + before);
    }

    @Test
    void aMessageDeliveredOverSmtpIsCountedWithItsDelayAndTls() {
        double received = sample("caravan_messages_received_total", with("connector", "default"));
        Predicate<Map<String, String>> bySendConnector = l -> !"none".equals(l.get("connector")) && !"other".equals(l.get("connector"));
        double delivered = sample("caravan_messages_delivered_total", bySendConnector);
        double delays = sample("caravan_delivery_delay_seconds_count", l -> true);
        double tlsIn = sample("caravan_tls_total", with("direction", "in", "protocol", "TLSv1.3"));
        double tlsOut = sample("caravan_tls_total", with("direction", "out"));
        try (SmtpTestClient c = SmtpTestClient.connect(port("default"))) {
            c.command("EHLO client.test");
            assertEquals(220, c.startTls().code());
            c.command("EHLO client.test");
            RelayPipelineTest.queueId(c.sendMessage("a@origin.test", List.of("counted@remote.test"), BODY));
        }
        RelayPipelineTest.awaitDeliveryTo("counted@remote.test");
        awaitIncrease("caravan_messages_delivered_total", bySendConnector, delivered);
        assertTrue(sample("caravan_messages_received_total", with("connector", "default")) > received);
        assertTrue(sample("caravan_tls_total", with("direction", "in", "protocol", "TLSv1.3")) > tlsIn);
        assertTrue(sample("caravan_tls_total", with("direction", "out")) > tlsOut);
        assertTrue(sample("caravan_delivery_delay_seconds_count", l -> true) > delays);
        assertTrue(sample("caravan_delivery_delay_seconds_bucket", with("le", "432000.0")) > delays, "the 5-day bucket holds it");
    }

    @Test
    void deferralsAndBouncesAreCountedByTheirReplyClass() {
        double deferred = sample("caravan_messages_deferred_total", with("class", "4.4"));
        double bounced = sample("caravan_messages_bounced_total", with("class", "5.1"));
        try (SmtpTestClient c = SmtpTestClient.connect(port("default"))) {
            RelayPipelineTest.queueId(c.sendMessage("a@origin.test", List.of("user@stuck.test"), BODY)); // SERVFAIL: 451 4.4.3
            RelayPipelineTest.queueId(c.sendMessage("a@origin.test", List.of("user@nullmx.test"), BODY)); // null MX: 556 5.1.10
        }
        awaitIncrease("caravan_messages_deferred_total", with("class", "4.4"), deferred);
        awaitIncrease("caravan_messages_bounced_total", with("class", "5.1"), bounced);
    }

    @Test
    void aNextHopHasItsQueueSeriesWhileItIsListedAndLosesItAfterwards() {
        Predicate<Map<String, String>> hop = with("next_hop", "gauge.test");
        given().post("/api/queues/gauge.test/suspend").then().statusCode(200); // listed, with nothing waiting
        try {
            Await.until(() -> metrics().contains("caravan_next_hop_messages{next_hop=\"gauge.test\"}"), GAUGE_WAIT, "the next hop's series");
            assertEquals(0, sample("caravan_next_hop_messages", hop));
            assertTrue(metrics().contains("caravan_next_hop_oldest_age_seconds{next_hop=\"gauge.test\"}"));
        } finally {
            given().post("/api/queues/gauge.test/resume").then().statusCode(200);
        }
        Await.until(() -> !metrics().contains("next_hop=\"gauge.test\""), GAUGE_WAIT, "the series to go");
    }

    /** Two background readings (caravan.metrics.queue-refresh, 15 s) and some slack on a busy machine. */
    static final Duration GAUGE_WAIT = Duration.ofSeconds(45);

    static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }
}
