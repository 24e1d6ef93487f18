// Unit tests for TlsProtocols: listeners offer TLS 1.2 and 1.3 and nothing else.
package io.caravan.receive.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.net.NetServerOptions;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TlsProtocolsTest {

    @Test
    void restrictLeavesExactlyTls12AndTls13() {
        NetServerOptions options = new NetServerOptions().addEnabledSecureTransportProtocol("TLSv1.1")
                .addEnabledSecureTransportProtocol("TLSv1");

        TlsProtocols.restrict(options);

        assertEquals(Set.of("TLSv1.2", "TLSv1.3"), options.getEnabledSecureTransportProtocols());
    }

    @Test
    void restrictedOptionsStayEditable() {
        NetServerOptions options = new NetServerOptions();
        TlsProtocols.restrict(options);

        options.removeEnabledSecureTransportProtocol("TLSv1.2");

        assertEquals(Set.of("TLSv1.3"), options.getEnabledSecureTransportProtocols());
    }
}
