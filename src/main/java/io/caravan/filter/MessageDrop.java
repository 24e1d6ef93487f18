// Accepts and drops a message an agent chose to delete (Exchange's SCL delete threshold), leaving a tracking line.
package io.caravan.filter;

import io.caravan.check.Inspection;
import io.caravan.check.Verdict;
import io.caravan.mail.CaravanHeaders;
import io.caravan.mail.Envelope;
import io.caravan.mail.SmtpReply;
import io.caravan.tracking.MessageEvents;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * In routes/10-receive.yaml when {@code CaravanHold == 'delete'}. The client gets the same 250 a queued
 * message gets, so a spammer learns nothing; the administrator finds the message in the tracking log
 * as {@code DELETED id=.. agent=.. reason=..}.
 */
@Singleton
@Named("messageDrop")
public class MessageDrop implements Processor {

    private final MessageEvents events;

    public MessageDrop(MessageEvents events) {
        this.events = events;
    }

    @Override
    public void process(Exchange exchange) {
        Inspection inspection = Inspection.of(exchange);
        Envelope envelope = inspection.envelope();
        Verdict by = inspection.heldBy().orElseThrow(() -> new IllegalStateException("no agent chose to delete the message"));
        events.deleted(envelope, by.agent(), by.reason());
        exchange.getIn().setHeader(CaravanHeaders.SMTP_REPLY, SmtpReply.of(250, "2.0.0", "Ok: queued as " + envelope.queueId()));
    }
}
