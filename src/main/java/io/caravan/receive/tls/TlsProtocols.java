// The TLS versions Caravan's listeners offer (1.2 and 1.3, nothing older) and no client-initiated renegotiation.
package io.caravan.receive.tls;

import io.vertx.core.net.NetServerOptions;
import java.util.LinkedHashSet;
import java.util.List;

public final class TlsProtocols {

    /** Newest first. TLS 1.0/1.1 are deprecated (RFC 8996); every current MTA speaks 1.2. */
    public static final List<String> ENABLED = List.of("TLSv1.3", "TLSv1.2");

    /** The JDK switch that makes a server refuse a renegotiation its client starts (handshake_failure, then closed). */
    public static final String REJECT_CLIENT_RENEGOTIATION = "jdk.tls.rejectClientInitiatedRenegotiation";

    private TlsProtocols() {
    }

    /**
     * TLS 1.2 lets a client start a new handshake on an open connection as often as it likes, each one costing
     * the server far more CPU than the client (CVE-2011-1473); TLS 1.3 has no renegotiation. Postfix and
     * Exchange refuse it, and so do we. The JDK reads this switch once, when the process's first server-side
     * handshake starts, so it is set before any listener is made; an operator's explicit -D setting is kept.
     */
    public static void rejectClientRenegotiation() {
        if (System.getProperty(REJECT_CLIENT_RENEGOTIATION) == null) {
            System.setProperty(REJECT_CLIENT_RENEGOTIATION, "true");
        }
    }

    /**
     * Makes the options enable exactly {@link #ENABLED}. Vert.x 4.5 defaults to the same pair, but stating it
     * here keeps a library upgrade or an earlier add call from widening what the listeners accept.
     */
    public static void restrict(NetServerOptions options) {
        rejectClientRenegotiation();
        // A mutable copy: Vert.x keeps the set, and later addEnabledSecureTransportProtocol calls must not throw.
        options.setEnabledSecureTransportProtocols(new LinkedHashSet<>(ENABLED));
    }
}
