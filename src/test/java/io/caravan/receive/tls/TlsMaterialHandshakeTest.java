// End-to-end check that generated TlsMaterial serves a real TLS 1.3 handshake over loopback.
package io.caravan.receive.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.caravan.testing.TrustAll;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsMaterialHandshakeTest {

    private static final int TIMEOUT_MILLIS = 10_000;

    @TempDir
    Path dataDir;

    @Test
    void generatedMaterialCompletesATls13HandshakeOverLoopback() throws Exception {
        TlsMaterial material = TlsMaterial.resolve(Optional.empty(), Optional.empty(), dataDir, "mx.example.test");
        AtomicReference<String> serverProtocol = new AtomicReference<>();
        AtomicReference<Throwable> serverFailure = new AtomicReference<>();

        try (SSLServerSocket server = (SSLServerSocket) material.sslContext().getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setEnabledProtocols(TlsProtocols.ENABLED.toArray(String[]::new));
            server.setSoTimeout(TIMEOUT_MILLIS);
            Thread acceptor = new Thread(() -> {
                try (SSLSocket accepted = (SSLSocket) server.accept()) {
                    accepted.setSoTimeout(TIMEOUT_MILLIS);
                    accepted.startHandshake();
                    serverProtocol.set(accepted.getSession().getProtocol());
                    accepted.getOutputStream().write('k');
                } catch (Throwable e) {
                    serverFailure.set(e);
                }
            }, "tls-test-acceptor");
            acceptor.start();

            SSLContext client = TrustAll.context();
            try (SSLSocket socket = (SSLSocket) client.getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                socket.setSoTimeout(TIMEOUT_MILLIS);
                socket.startHandshake();
                assertEquals('k', socket.getInputStream().read());
                assertEquals("TLSv1.3", socket.getSession().getProtocol());
                X509Certificate served = (X509Certificate) socket.getSession().getPeerCertificates()[0];
                assertEquals("CN=mx.example.test", served.getSubjectX500Principal().getName());
            }

            acceptor.join(TIMEOUT_MILLIS);
            assertFalse(acceptor.isAlive(), "server side did not finish");
        }
        assertNull(serverFailure.get());
        assertEquals("TLSv1.3", serverProtocol.get());
    }
}
