// Checks that Vert.x, given keyCertOptions() and TlsProtocols, serves TLS from the files TlsMaterial resolved.
package io.caravan.receive.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.caravan.testing.TrustAll;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsMaterialVertxTest {

    private static final int TIMEOUT_SECONDS = 10;

    @TempDir
    Path dir;

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void closeVertx() throws Exception {
        await(vertx.close());
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** What a trust-all client saw. */
    private record Negotiated(String protocol, String subject) {
    }

    private Negotiated handshake(TlsMaterial material) throws Exception {
        NetServerOptions options = new NetServerOptions().setSsl(true).setKeyCertOptions(material.keyCertOptions());
        TlsProtocols.restrict(options);
        NetServer server = await(vertx.createNetServer(options)
                .connectHandler(socket -> socket.write("220 ok\r\n"))
                .listen(0, InetAddress.getLoopbackAddress().getHostAddress()));

        SSLContext client = TrustAll.context();
        try (SSLSocket socket = (SSLSocket) client.getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), server.actualPort())) {
            socket.setSoTimeout(TIMEOUT_SECONDS * 1000);
            socket.startHandshake();
            assertEquals('2', socket.getInputStream().read());
            X509Certificate served = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            return new Negotiated(socket.getSession().getProtocol(), served.getSubjectX500Principal().getName());
        } finally {
            await(server.close());
        }
    }

    @Test
    void vertxServesTheGeneratedSelfSignedPairOverTls13() throws Exception {
        TlsMaterial material = TlsMaterial.resolve(Optional.empty(), Optional.empty(), dir, "mx.example.test");

        Negotiated negotiated = handshake(material);

        assertEquals("TLSv1.3", negotiated.protocol());
        assertEquals("CN=mx.example.test", negotiated.subject());
    }

    @Test
    void vertxServesAnOpensslEcPairWithItsParametersBlock() throws Exception {
        Path cert = Files.writeString(dir.resolve("cert.pem"), OpensslEcPair.CERTIFICATE);
        Path key = Files.writeString(dir.resolve("key.pem"), OpensslEcPair.KEY);
        TlsMaterial material = TlsMaterial.resolve(Optional.of(cert), Optional.of(key), dir, "mx.example.test");

        Negotiated negotiated = handshake(material);

        assertEquals("TLSv1.3", negotiated.protocol());
        assertEquals("CN=mx.openssl.test", negotiated.subject());
    }
}
