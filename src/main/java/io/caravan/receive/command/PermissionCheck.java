// Decides at MAIL whether this client may send through the connector: TLS first if required, then permission groups.
package io.caravan.receive.command;

import io.caravan.mail.SmtpReply;
import io.caravan.receive.connector.ConnectorSecurity;
import io.caravan.mail.ClientTrust;
import io.caravan.receive.SmtpSession;

final class PermissionCheck {

    private PermissionCheck() {
    }

    /** null when the client may start a transaction; otherwise the reply that says what to do first. */
    static SmtpReply refusal(SmtpSession session) {
        ConnectorSecurity security = session.connectorContext().security();
        if (security.tls() == ConnectorSecurity.TlsMode.STARTTLS_REQUIRED && !session.isSecure()) {
            return SmtpReply.of(530, "5.7.0", "Must issue a STARTTLS command first");
        }
        boolean authenticated = session.authenticatedUser().isPresent();
        boolean permitted = security.permissionGroups().contains(ClientTrust.ANONYMOUS)
                || (authenticated && security.permissionGroups().contains(ClientTrust.AUTHENTICATED))
                || (session.isRelayClient() && security.permissionGroups().contains(ClientTrust.RELAY));
        if (permitted) {
            return null;
        }
        if (security.permissionGroups().contains(ClientTrust.AUTHENTICATED) && !authenticated) {
            return SmtpReply.of(530, "5.7.0", "Authentication required");
        }
        return SmtpReply.of(550, "5.7.1", "Not permitted to send through this connector");
    }
}
