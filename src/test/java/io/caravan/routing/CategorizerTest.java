// Categorizer: one copy per (send connector, next hop), bytes shared, unroutable recipients bounced.
package io.caravan.routing;

import io.caravan.mail.RawMessage;
import io.caravan.mail.CaravanHeaders;
import io.caravan.mail.Disposition;
import io.caravan.mail.Envelope;
import io.caravan.mail.MailAddress;
import io.caravan.tracking.MessageEvents;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class CategorizerTest {

    private final RawMessage body = RawMessage.of("Subject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII));

    private List<Message> split(Map<String, SendConnectorsConfig.SendConnector> config, String... rcpts) {
        return split(config, System.currentTimeMillis() + 3_600_000, rcpts);
    }

    private List<Message> split(Map<String, SendConnectorsConfig.SendConnector> config, long expiry, String... rcpts) {
        Categorizer categorizer = new Categorizer(TestConnectors.of(config, Path.of("data")), new MessageEvents());
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getIn().setBody(body);
        new Envelope("Q1", MailAddress.parse("a@origin.test"), List.of(rcpts).stream().map(MailAddress::parse).toList(),
                "7BIT", "default", "192.0.2.1", "client.test", 1000, expiry, 0).writeTo(exchange.getIn().getHeaders());
        return categorizer.split(exchange);
    }

    private static Map<String, SendConnectorsConfig.SendConnector> internalAndInternet() {
        Map<String, SendConnectorsConfig.SendConnector> config = new LinkedHashMap<>();
        config.put("internal", TestConnectors.Conn.smarthost(List.of("mailbox.example.com"), 25, "example.com", "*.example.com"));
        config.put("internet", TestConnectors.Conn.mx("*"));
        return config;
    }

    @Test
    void recipientsAreGroupedPerSendConnectorAndNextHop() {
        List<Message> copies = split(internalAndInternet(),
                "a@example.com", "b@sub.example.com", "c@one.test", "d@two.test", "e@ONE.test");
        assertEquals(3, copies.size());
        Message internal = copies.get(0);
        assertEquals("internal", internal.getHeader(CaravanHeaders.SEND_CONNECTOR));
        assertEquals("internal", internal.getHeader(CaravanHeaders.NEXT_HOP));
        assertEquals("a@example.com\nb@sub.example.com", internal.getHeader(CaravanHeaders.RECIPIENTS));
        assertEquals("one.test", copies.get(1).getHeader(CaravanHeaders.NEXT_HOP));
        assertEquals("c@one.test\ne@ONE.test", copies.get(1).getHeader(CaravanHeaders.RECIPIENTS));
        assertEquals("two.test", copies.get(2).getHeader(CaravanHeaders.NEXT_HOP));
        for (Message copy : copies) {
            assertSame(body, copy.getBody(), "copies share the queued bytes");
            assertEquals(Disposition.DELIVER.wire(), copy.getHeader(CaravanHeaders.DISPOSITION));
            assertEquals("a@origin.test", copy.getHeader(CaravanHeaders.MAIL_FROM));
            assertEquals("Q1", copy.getHeader(CaravanHeaders.QUEUE_ID));
        }
        assertEquals(3, copies.stream().map(m -> m.getHeader(CaravanHeaders.DUPLICATE_ID)).distinct().count(),
                "each copy has its own duplicate-detection id");
    }

    @Test
    void aRecipientNoConnectorCoversGetsABounceCopyNotASilentDrop() {
        Map<String, SendConnectorsConfig.SendConnector> config = Map.of("internal", TestConnectors.Conn.mx("example.com"));
        List<Message> copies = split(config, "a@example.com", "lost@elsewhere.test");
        assertEquals(2, copies.size());
        Message bounce = copies.get(1);
        assertEquals(Disposition.BOUNCE.wire(), bounce.getHeader(CaravanHeaders.DISPOSITION));
        assertEquals("lost@elsewhere.test", bounce.getHeader(CaravanHeaders.RECIPIENTS));
        assertTrue(bounce.getHeader(CaravanHeaders.LAST_REPLY, String.class).startsWith("550 5.4.4"));
    }

    @Test
    void aMessageThatExpiredBeforeRoutingIsBouncedWholeWith547() {
        List<Message> copies = split(internalAndInternet(), System.currentTimeMillis() - 1, "a@example.com", "c@one.test");
        assertEquals(1, copies.size());
        assertEquals(Disposition.BOUNCE.wire(), copies.get(0).getHeader(CaravanHeaders.DISPOSITION));
        assertEquals("a@example.com\nc@one.test", copies.get(0).getHeader(CaravanHeaders.RECIPIENTS));
        assertTrue(copies.get(0).getHeader(CaravanHeaders.LAST_REPLY, String.class).startsWith("554 5.4.7"));
    }
}
