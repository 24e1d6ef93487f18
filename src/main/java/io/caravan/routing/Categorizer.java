// Categorize stage: groups a message's recipients per send connector and next hop, one queue copy each.
package io.caravan.routing;

import io.caravan.mail.RawMessage;
import io.caravan.mail.CaravanHeaders;
import io.caravan.mail.Disposition;
import io.caravan.mail.Envelope;
import io.caravan.mail.MailAddress;
import io.caravan.mail.SmtpReply;
import io.caravan.queue.QueueCopy;
import io.caravan.tracking.Hop;
import io.caravan.tracking.MessageEvents;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Exchange's categorizer (OnResolvedMessage): every recipient goes to the send connector whose
 * address space covers it most specifically; recipients sharing a connector and next hop travel in
 * one copy. A recipient no connector covers (the configuration changed after RCPT) gets a bounce
 * copy with 5.4.4, never a silent drop. Used in routes/30-categorize.yaml:
 * <pre>
 * - split:
 *     method: { ref: categorizer, method: split }
 * </pre>
 */
@Singleton
@Named("categorizer")
public class Categorizer {

    private final SendConnectors connectors;
    private final MessageEvents events;

    public Categorizer(SendConnectors connectors, MessageEvents events) {
        this.connectors = connectors;
        this.events = events;
    }

    public List<Message> split(Exchange exchange) {
        Envelope envelope = Envelope.readFrom(exchange.getIn().getHeaders());
        RawMessage body = exchange.getIn().getBody(RawMessage.class);
        if (System.currentTimeMillis() > envelope.expiry()) {
            SmtpReply expired = SmtpReply.of(554, "5.4.7", "Delivery time expired before the message could be routed");
            events.expired(envelope, Hop.NONE, envelope.recipients(), expired);
            Message bounce = QueueCopy.of(exchange.getContext(), body, envelope, "", "", Disposition.BOUNCE);
            bounce.setHeader(CaravanHeaders.LAST_REPLY, expired.toString());
            return List.of(bounce);
        }
        Map<List<String>, List<MailAddress>> groups = new LinkedHashMap<>();
        List<MailAddress> unroutable = new ArrayList<>();
        for (MailAddress rcpt : envelope.recipients()) {
            Optional<SendConnector> c = connectors.select(rcpt.domain());
            if (c.isPresent()) {
                groups.computeIfAbsent(List.of(c.get().name(), c.get().nextHop(rcpt.domain())), k -> new ArrayList<>()).add(rcpt);
            } else {
                unroutable.add(rcpt);
            }
        }
        List<Message> copies = new ArrayList<>();
        groups.forEach((key, rcpts) -> {
            copies.add(QueueCopy.of(exchange.getContext(), body, envelope.withRecipients(rcpts), key.get(0), key.get(1), Disposition.DELIVER));
            events.routed(envelope, rcpts, key.get(0), key.get(1));
        });
        if (!unroutable.isEmpty()) {
            SmtpReply reply = SmtpReply.of(550, "5.4.4", "Unable to route: no send connector covers the recipient domain");
            Message bounce = QueueCopy.of(exchange.getContext(), body, envelope.withRecipients(unroutable), "", "", Disposition.BOUNCE);
            bounce.setHeader(CaravanHeaders.LAST_REPLY, reply.toString());
            copies.add(bounce);
            events.failed(envelope, Hop.NONE, unroutable, reply, "", "");
        }
        return copies;
    }
}
