// Settings of Caravan's smtp component, the defaults every smtp: endpoint in routes/50-delivery.yaml starts from.
package io.caravan.delivery;

import org.apache.camel.CamelContext;
import org.apache.camel.component.mail.JavaMailSender;
import org.apache.camel.component.mail.MailConfiguration;

import java.util.Properties;

/**
 * Camel Mail's configuration, with Caravan's outbound defaults as JavaMail properties (our EHLO
 * name, timeouts from caravan.delivery.*, opportunistic STARTTLS, partial sends so one refused
 * recipient does not fail the others). An endpoint URI may override any of them with a
 * {@code mail.smtp.*} option, as with Camel's own smtp component. Each endpoint's sender is
 * Camel's, configured by Camel from the endpoint's host, port and properties, with Caravan's
 * transaction ({@link CaravanMailSender}).
 */
final class CaravanMailConfiguration extends MailConfiguration {

    private final SmtpConnectionPool pool;

    CaravanMailConfiguration(CamelContext camel, String localHost, DeliveryConfig config, SmtpConnectionPool pool) {
        super(camel);
        this.pool = pool;
        configureProtocol("smtp");
        setConnectionTimeout((int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis()));
        Properties p = new Properties();
        p.setProperty("mail.smtp.localhost", localHost);
        p.setProperty("mail.smtp.sendpartial", "true");
        p.setProperty("mail.smtp.connectiontimeout", Long.toString(config.connectTimeout().toMillis()));
        p.setProperty("mail.smtp.timeout", Long.toString(config.replyTimeout().toMillis()));
        p.setProperty("mail.smtp.writetimeout", Long.toString(config.replyTimeout().toMillis()));
        p.setProperty("mail.smtp.starttls.enable", "true");
        p.setProperty("mail.smtp.ssl.trust", "*");
        p.setProperty("mail.smtp.ssl.checkserveridentity", "false");
        p.setProperty("mail.smtp.ssl.protocols", "TLSv1.2 TLSv1.3");
        setAdditionalJavaMailProperties(p);
    }

    /** Each endpoint gets its own properties: Camel's copy would share them, and a URI's mail.* options would leak into all. */
    @Override
    public CaravanMailConfiguration copy() {
        CaravanMailConfiguration c = (CaravanMailConfiguration) super.copy();
        c.setAdditionalJavaMailProperties((Properties) getAdditionalJavaMailProperties().clone());
        return c;
    }

    /** Camel's sender for this endpoint (host, port, user, properties, session as Camel sets them), as a Caravan sender. */
    @Override
    protected JavaMailSender createJavaMailSender(CamelContext context) {
        JavaMailSender camels = super.createJavaMailSender(context);
        CaravanMailSender sender = new CaravanMailSender(pool);
        sender.setJavaMailProperties(camels.getJavaMailProperties());
        sender.setHost(camels.getHost());
        sender.setPort(camels.getPort());
        sender.setProtocol(camels.getProtocol());
        sender.setUsername(camels.getUsername());
        sender.setPassword(camels.getPassword());
        sender.setAuthenticator(camels.getAuthenticator());
        sender.setSession(camels.getSession());
        return sender;
    }
}
