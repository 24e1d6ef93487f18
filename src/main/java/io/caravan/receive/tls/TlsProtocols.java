// The TLS versions Caravan's listeners offer: 1.2 and 1.3, nothing older.
package io.caravan.receive.tls;

import io.vertx.core.net.NetServerOptions;
import java.util.LinkedHashSet;
import java.util.List;

public final class TlsProtocols {

    /** Newest first. TLS 1.0/1.1 are deprecated (RFC 8996); every current MTA speaks 1.2. */
    public static final List<String> ENABLED = List.of("TLSv1.3", "TLSv1.2");

    private TlsProtocols() {
    }

    /**
     * Makes the options enable exactly {@link #ENABLED}. Vert.x 4.5 defaults to the same pair, but stating it
     * here keeps a library upgrade or an earlier add call from widening what the listeners accept.
     */
    public static void restrict(NetServerOptions options) {
        // A mutable copy: Vert.x keeps the set, and later addEnabledSecureTransportProtocol calls must not throw.
        options.setEnabledSecureTransportProtocols(new LinkedHashSet<>(ENABLED));
    }
}
