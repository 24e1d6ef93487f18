// Sends one copy to one host through Camel Mail's SMTP producer and reports the outcome per recipient.
package io.caravan.delivery;

import io.caravan.mail.RawMessage;
import io.caravan.mail.Envelope;
import io.caravan.mail.MailAddress;
import io.caravan.routing.NextHopAddress;
import jakarta.inject.Singleton;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import java.net.Inet6Address;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SMTP client side is Camel Mail ({@code smtp://host:port}), one endpoint per host, with the
 * body an {@link OutboundMessage} so the envelope and the bytes are ours, not Jakarta Mail's, and
 * {@link CaravanMailSender} as the sender so the EHLO reply and the final reply are seen.
 */
@Singleton
public class SmtpTransmitter {

    static final int ENDPOINT_CACHE_SIZE = 1000;

    private final CamelContext camel;
    private final ProducerTemplate producer;
    /**
     * Endpoints by host and port, the most recently used first: resolving the URI through the context
     * on every send cost more than the lookup. Bounded like Camel's own cache of dynamic endpoints, as
     * an internet relay meets an open-ended number of MX hosts.
     */
    private final Map<String, Endpoint> endpoints = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Endpoint> eldest) {
            return size() > ENDPOINT_CACHE_SIZE;
        }
    });

    public SmtpTransmitter(CamelContext camel) {
        this.camel = camel;
        this.producer = camel.createProducerTemplate();
    }

    List<RecipientOutcome> send(NextHopAddress to, RawMessage raw, Envelope envelope, List<MailAddress> rcpts) {
        String ip = to.address() instanceof Inet6Address ? "[" + to.address().getHostAddress() + "]" : to.address().getHostAddress();
        Endpoint endpoint = endpoint(ip + ":" + to.port());
        OutboundMessage message = new OutboundMessage(to, raw, envelope, rcpts);
        Exchange result = producer.send(endpoint, ex -> ex.getIn().setBody(message));
        String host = to.toString();
        List<RecipientOutcome> outcomes = result.getException() == null
                ? AttemptOutcomes.delivered(rcpts, host, message.lastServerResponse())
                : AttemptOutcomes.from(result.getException(), rcpts, host);
        return message.dsnPassedOn() ? outcomes.stream().map(RecipientOutcome::withDsnPassedOn).toList() : outcomes;
    }

    Endpoint endpoint(String hostPort) {
        return endpoints.computeIfAbsent(hostPort, hp -> camel.getEndpoint("smtp://" + hp + "?javaMailSender=#caravanMailSender"));
    }

    int cachedEndpoints() {
        return endpoints.size();
    }
}
