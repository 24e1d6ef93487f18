// Registers Caravan's smtp component: Camel Mail, whose endpoints send queued copies with CaravanMailSender.
package io.caravan.delivery;

import io.caravan.config.ServerIdentity;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.camel.CamelContext;
import org.apache.camel.component.mail.MailComponent;

/**
 * The {@code smtp} scheme of routes/50-delivery.yaml is this component (a bean named {@code smtp}
 * takes the place of the one Camel would discover), so an endpoint such as
 * {@code smtp://192.0.2.1:25} connects to exactly that host and port with the settings of
 * {@link CaravanMailConfiguration} plus any the URI adds.
 */
public class SmtpComponent {

    @Produces
    @Singleton
    @Named("smtp")
    MailComponent smtp(CamelContext camel, ServerIdentity identity, DeliveryConfig config, SmtpConnectionPool pool) {
        return create(camel, identity.hostname(), config, pool);
    }

    /** The component, for a Camel context outside Quarkus (tests). */
    public static MailComponent create(CamelContext camel, String localHost, DeliveryConfig config, SmtpConnectionPool pool) {
        MailComponent component = new MailComponent(camel);
        component.setConfiguration(new CaravanMailConfiguration(camel, localHost, config, pool));
        return component;
    }
}
