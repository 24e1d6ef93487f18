// A receive connector's TLS and AUTH modes and who may send through it (Exchange: permission groups).
package io.caravan.receive.connector;

import io.caravan.receive.auth.Authenticator;
import io.caravan.mail.ClientTrust;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The permission groups are client trusts: anonymous (anyone), authenticated (after AUTH), relay (relay-ranges). */
public record ConnectorSecurity(TlsMode tls, AuthMode auth, Set<ClientTrust> permissionGroups, Authenticator authenticator) {

    public enum TlsMode {
        NONE, STARTTLS, STARTTLS_REQUIRED, IMPLICIT;

        static TlsMode parse(String value) {
            return valueOf(value.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    public enum AuthMode {
        NONE, OPTIONAL, REQUIRED;

        static AuthMode parse(String value) {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        }
    }

    /** Validates a connector's security settings; for StartupCheck. */
    public static void check(String connector, ReceiveConnectorsConfig.ReceiveConnector c, Authenticator authenticator) {
        of(connector, c, authenticator);
    }

    /** @throws IllegalArgumentException naming the key, for StartupCheck and the component */
    public static ConnectorSecurity of(String connector, ReceiveConnectorsConfig.ReceiveConnector c, Authenticator authenticator) {
        String key = "caravan.receive-connectors." + connector;
        TlsMode tls = parse(() -> TlsMode.parse(c.tls()), key + ".tls", c.tls(), "none, starttls, starttls-required, implicit");
        AuthMode auth = parse(() -> AuthMode.parse(c.auth()), key + ".auth", c.auth(), "none, optional, required");
        Set<ClientTrust> groups = c.permissionGroups().stream().map(g -> ClientTrust.parse(key + ".permission-groups", g))
                .collect(Collectors.toUnmodifiableSet());
        if (auth != AuthMode.NONE && tls == TlsMode.NONE) {
            throw new IllegalArgumentException(key + ".auth: AUTH is only offered over TLS, so it needs " + key + ".tls other than none");
        }
        if (auth != AuthMode.NONE && !authenticator.available()) {
            throw new IllegalArgumentException(key + ".auth: '" + c.auth().strip() + "' needs caravan.auth.users-file");
        }
        if (auth == AuthMode.REQUIRED) {
            groups = Set.of(ClientTrust.AUTHENTICATED);
        }
        return new ConnectorSecurity(tls, auth, groups, authenticator);
    }

    private static <T> T parse(java.util.function.Supplier<T> parser, String key, String value, String allowed) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": '" + value + "' is not one of " + allowed);
        }
    }

    public boolean offersStartTls() {
        return tls == TlsMode.STARTTLS || tls == TlsMode.STARTTLS_REQUIRED;
    }

    public boolean needsTlsMaterial() {
        return tls != TlsMode.NONE;
    }

    /** AUTH is announced and accepted only inside TLS (RFC 4954 §4 leaves it to policy; we never take passwords in clear). */
    public boolean offersAuth(boolean secure) {
        return auth != AuthMode.NONE && secure;
    }
}
