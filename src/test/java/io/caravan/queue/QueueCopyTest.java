package io.caravan.queue;

import io.caravan.mail.RawMessage;
import io.caravan.mail.CaravanHeaders;
import io.caravan.mail.Envelope;
import io.caravan.mail.MailAddress;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class QueueCopyTest {

    private static final DefaultCamelContext CAMEL = new DefaultCamelContext();

    private static Object duplicateId(String... rcpts) {
        Envelope envelope = new Envelope("Q1", MailAddress.parse("a@origin.test"), List.of(rcpts).stream().map(MailAddress::parse).toList(),
                "7BIT", "default", "192.0.2.1", "client.test", 0, Long.MAX_VALUE, 0);
        return QueueCopy.of(CAMEL, RawMessage.of(new byte[0]), envelope, "internet", "remote.test", io.caravan.mail.Disposition.DELIVER).getHeader(CaravanHeaders.DUPLICATE_ID);
    }

    @Test
    void copiesWithTheSameRecipientsShareTheirDuplicateId() {
        assertEquals(duplicateId("x@remote.test", "y@remote.test"), duplicateId("x@remote.test", "y@remote.test"));
    }

    @Test
    void recipientListsWithEqualStringHashesStillGetDifferentIds() {
        assertEquals("Aa@remote.test".hashCode(), "BB@remote.test".hashCode(), "the premise: a 32-bit hash collides");
        assertNotEquals(duplicateId("Aa@remote.test"), duplicateId("BB@remote.test"),
                "otherwise the broker would drop the second copy as a duplicate of the first");
    }
}
