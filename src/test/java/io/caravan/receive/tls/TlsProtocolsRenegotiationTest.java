// The listeners' TLS policy switches off client-initiated renegotiation before the first server handshake.
package io.caravan.receive.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.net.NetServerOptions;
import org.junit.jupiter.api.Test;

class TlsProtocolsRenegotiationTest {

    @Test
    void restrictingAListenerRejectsClientInitiatedRenegotiation() {
        TlsProtocols.restrict(new NetServerOptions());
        assertEquals("true", System.getProperty(TlsProtocols.REJECT_CLIENT_RENEGOTIATION));
    }
}
