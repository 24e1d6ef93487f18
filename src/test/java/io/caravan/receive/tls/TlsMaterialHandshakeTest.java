// End-to-end check that generated TlsMaterial serves a real TLS 1.3 handshake over loopback.
package io.caravan.receive.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsMaterialHandshakeTest {

    private static final int TIMEOUT_MILLIS = 10_000;

    @TempDir
    Path dataDir;

    /** A sender doing opportunistic STARTTLS: encrypts, verifies nothing. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

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

            SSLContext client = SSLContext.getInstance("TLS");
            client.init(null, new TrustManager[] {new TrustAll()}, null);
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
