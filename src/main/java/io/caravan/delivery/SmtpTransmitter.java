// Sends one copy to one host through Camel Mail's SMTP producer and reports the outcome per recipient.
package io.caravan.delivery;

import io.caravan.config.ServerIdentity;
import io.caravan.mail.MailAddress;
import io.caravan.routing.NextHopAddress;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import java.net.Inet6Address;
import java.util.List;
import java.util.Properties;

/**
 * The SMTP client side is Camel Mail ({@code smtp://host:port}), one endpoint per host, with
 * the body an {@link OutboundMessage} so the envelope and the bytes are ours, not Jakarta Mail's.
 * sendpartial lets the accepted recipients get the message when others are refused at RCPT.
 */
@Singleton
public class SmtpTransmitter {

    private final CamelContext camel;
    private final ProducerTemplate producer;

    public SmtpTransmitter(CamelContext camel) {
        this.camel = camel;
        this.producer = camel.createProducerTemplate();
    }

    List<RecipientOutcome> send(NextHopAddress to, byte[] raw, MailAddress sender, List<MailAddress> rcpts) {
        String ip = to.address() instanceof Inet6Address ? "[" + to.address().getHostAddress() + "]" : to.address().getHostAddress();
        Endpoint endpoint = camel.getEndpoint("smtp://" + ip + ":" + to.port() + "?additionalJavaMailProperties=#outboundMailProperties");
        Exchange result = producer.send(endpoint, ex -> ex.getIn().setBody(new OutboundMessage(raw, sender, rcpts)));
        String host = to.toString();
        return result.getException() == null
                ? AttemptOutcomes.delivered(rcpts, host)
                : AttemptOutcomes.from(result.getException(), rcpts, host);
    }

    /** Jakarta Mail session settings for every outbound connection (RFC 5321 §4.5.3.2 timeouts, our EHLO name). */
    @Produces
    @Singleton
    @Named("outboundMailProperties")
    static Properties outboundMailProperties(ServerIdentity identity, DeliveryConfig config) {
        Properties p = new Properties();
        p.setProperty("mail.smtp.localhost", identity.hostname());
        p.setProperty("mail.smtp.sendpartial", "true");
        p.setProperty("mail.smtp.connectiontimeout", Long.toString(config.connectTimeout().toMillis()));
        p.setProperty("mail.smtp.timeout", Long.toString(config.replyTimeout().toMillis()));
        p.setProperty("mail.smtp.writetimeout", Long.toString(config.replyTimeout().toMillis()));
        return p;
    }
}
