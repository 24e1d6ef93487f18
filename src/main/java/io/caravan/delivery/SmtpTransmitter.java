// Sends one copy to one host through Camel Mail's SMTP producer and reports the outcome per recipient.
package io.caravan.delivery;

import io.caravan.mail.Envelope;
import io.caravan.mail.MailAddress;
import io.caravan.routing.NextHopAddress;
import jakarta.inject.Singleton;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import java.net.Inet6Address;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SMTP client side is Camel Mail ({@code smtp://host:port}), one endpoint per host, with the
 * body an {@link OutboundMessage} so the envelope and the bytes are ours, not Jakarta Mail's, and
 * {@link CaravanMailSender} as the sender so the EHLO reply and the final reply are seen.
 */
@Singleton
public class SmtpTransmitter {

    private final CamelContext camel;
    private final ProducerTemplate producer;
    /** Endpoints by host and port: resolving the URI through the context costs more than the lookup. */
    private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();

    public SmtpTransmitter(CamelContext camel) {
        this.camel = camel;
        this.producer = camel.createProducerTemplate();
    }

    List<RecipientOutcome> send(NextHopAddress to, byte[] raw, Envelope envelope, List<MailAddress> rcpts) {
        String ip = to.address() instanceof Inet6Address ? "[" + to.address().getHostAddress() + "]" : to.address().getHostAddress();
        Endpoint endpoint = endpoints.computeIfAbsent(ip + ":" + to.port(),
                hostPort -> camel.getEndpoint("smtp://" + hostPort + "?javaMailSender=#caravanMailSender"));
        OutboundMessage message = new OutboundMessage(to, raw, envelope, rcpts);
        Exchange result = producer.send(endpoint, ex -> ex.getIn().setBody(message));
        String host = to.toString();
        List<RecipientOutcome> outcomes = result.getException() == null
                ? AttemptOutcomes.delivered(rcpts, host, message.lastServerResponse())
                : AttemptOutcomes.from(result.getException(), rcpts, host);
        return message.dsnPassedOn() ? outcomes.stream().map(RecipientOutcome::withDsnPassedOn).toList() : outcomes;
    }
}
