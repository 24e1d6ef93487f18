// The reply to the final dot: 250 only for a message on a stage queue, sent or committed in the receive transaction.
package io.caravan.receive;

import io.caravan.mail.CaravanHeaders;
import io.caravan.mail.SmtpReply;
import io.caravan.queue.QueueTransaction;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SmtpServerReplyTest {

    private final Exchange exchange = new DefaultExchange(new DefaultCamelContext());

    @Test
    void queuedMessageGets250WithItsQueueId() {
        exchange.setProperty(SubmissionWatch.QUEUED, true);
        assertEquals(SmtpReply.of(250, "2.0.0", "Ok: queued as ABC"), SmtpServer.replyFor(exchange, "ABC"));
    }

    @Test
    void aReplyChosenByAStageIsSentAsIs() {
        SmtpReply rejected = SmtpReply.of(550, "5.7.1", "Message refused by content filter");
        exchange.getIn().setHeader(CaravanHeaders.SMTP_REPLY, rejected);
        assertEquals(rejected, SmtpServer.replyFor(exchange, "ABC"));
    }

    @Test
    void aFailedRouteGets451EvenIfTheSendHappened() {
        exchange.setProperty(SubmissionWatch.QUEUED, true);
        exchange.setException(new IllegalStateException("broker gone"));
        assertEquals(451, SmtpServer.replyFor(exchange, "ABC").code());
        assertEquals("4.3.0", SmtpServer.replyFor(exchange, "ABC").enhancedCode());
    }

    @Test
    void copiesSentInATransactionThatWasNotCommittedGet451() {
        QueueTransaction.Writes writes = new QueueTransaction.Writes();
        exchange.setProperty(QueueTransaction.WRITES, writes);
        writes.sent();
        exchange.setProperty(SubmissionWatch.QUEUED, true); // an older route's plain send does not override the transaction
        assertEquals(451, SmtpServer.replyFor(exchange, "ABC").code());
    }

    @Test
    void aRouteThatNeverQueuedTheMessageGets451Not250() {
        assertEquals(SmtpReply.of(451, "4.3.0", "Temporary failure, message not queued; try again later"),
                SmtpServer.replyFor(exchange, "ABC"));
    }
}
