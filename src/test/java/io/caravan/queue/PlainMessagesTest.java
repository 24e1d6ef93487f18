package io.caravan.queue;

import io.caravan.mail.RawMessage;
import org.apache.camel.Exchange;
import org.apache.camel.component.jms.JmsMessage;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class PlainMessagesTest {

    private static final DefaultCamelContext CAMEL = new DefaultCamelContext();

    private static Exchange fromQueue(RawMessage body) {
        Exchange exchange = new DefaultExchange(CAMEL);
        JmsMessage jms = new JmsMessage(exchange, null, null, null);
        jms.setBody(body);
        jms.setHeader("CaravanQueueId", "Q1");
        jms.setMessageId("ID:1");
        exchange.setIn(jms);
        return exchange;
    }

    @Test
    void aQueuedMessageReachesTheStageAsAPlainMessageWithItsBodyHeadersAndId() {
        RawMessage body = RawMessage.of(new byte[] {1, 2, 3});
        Exchange exchange = fromQueue(body);
        PlainMessages.plain(exchange);
        assertFalse(exchange.getIn() instanceof JmsMessage);
        assertSame(body, exchange.getIn().getBody());
        assertEquals("Q1", exchange.getIn().getHeader("CaravanQueueId"));
        assertEquals("ID:1", exchange.getIn().getMessageId());
    }

    @Test
    void copiesOfTheExchangeForMethodExpressionsNoLongerMakeJmsMessages() {
        Exchange exchange = fromQueue(RawMessage.of(new byte[0]));
        assertTrue(exchange.copy().getIn() instanceof JmsMessage, "the premise: Camel copies a JmsMessage as one");
        PlainMessages.plain(exchange);
        assertFalse(exchange.copy().getIn() instanceof JmsMessage);
    }

    @Test
    void aMessageThatDidNotComeFromAQueueIsLeftAsItIs() {
        Exchange exchange = new DefaultExchange(CAMEL);
        exchange.getIn().setBody("x");
        var before = exchange.getIn();
        PlainMessages.plain(exchange);
        assertSame(before, exchange.getIn());
    }
}
