// TrackingPeers: the same question to every other instance, with the caller's token, each within a timeout.
package io.caravan.admin;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.caravan.receive.tls.TlsMaterial;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Path;
import io.caravan.testing.ConfigStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.*;

class TrackingPeersTest {

    private final CountDownLatch release = new CountDownLatch(1);
    private final Map<String, String> seen = new ConcurrentHashMap<>();
    private HttpServer server;

    /** A peer on loopback: /ok answers a page, /self says it is the asker, /stuck answers only when the test ends. */
    private String peer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            seen.put("path", exchange.getRequestURI().toString());
            seen.put("authorization", String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            seen.put("peer", String.valueOf(exchange.getRequestHeaders().getFirst(TrackingPeers.PEER_QUERY)));
            String path = exchange.getRequestURI().getPath();
            if (path.startsWith("/stuck")) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body = (path.startsWith("/self") ? "{\"self\":true}" : "{\"events\":[],\"limit\":100,\"more\":false}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (server != null) {
            server.stop(0);
        }
    }

    private static TrackingPeers peers(List<String> urls, Optional<String> dnsName, int port) {
        PeersConfig config = ConfigStub.of(PeersConfig.class, Map.of("urls", Optional.of(urls), "dnsName", dnsName,
                "port", port, "timeout", Duration.ofMillis(500)));
        return new TrackingPeers(config, ConfigStub.of(AdminConfig.class, Map.of("https", false)), (java.util.function.Supplier<TlsMaterial>) null);
    }

    /** A peer over HTTPS serving this certificate, asked by an instance that serves {@code own}. */
    private TrackingPeers.Answer askOverHttps(TlsMaterial served, TlsMaterial own) throws IOException {
        HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(served.sslContext()));
        https.createContext("/", exchange -> {
            byte[] body = "{\"events\":[],\"more\":false}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        https.start();
        try {
            PeersConfig config = ConfigStub.of(PeersConfig.class, Map.of("urls", Optional.of(List.of("https://127.0.0.1:" + https.getAddress().getPort())),
                    "dnsName", Optional.empty(), "port", 0, "timeout", Duration.ofSeconds(5)));
            return new TrackingPeers(config, ConfigStub.of(AdminConfig.class, Map.of("https", true)), () -> own).ask("/api/tracking", null).get(0);
        } finally {
            https.stop(0);
        }
    }

    @Test
    void overHttpsAPeerIsTrustedWhenItPresentsThisInstancesOwnCertificate(@TempDir Path dir) throws IOException {
        TlsMaterial shared = TlsMaterial.resolve(Optional.empty(), Optional.empty(), dir.resolve("a"), "caravan.test");
        TrackingPeers.Answer a = askOverHttps(shared, shared);
        assertTrue(a.answered(), "reached by address, trusted by the pin: " + a.error());

        TlsMaterial other = TlsMaterial.resolve(Optional.empty(), Optional.empty(), dir.resolve("b"), "caravan.test");
        TrackingPeers.Answer refused = askOverHttps(other, shared);
        assertFalse(refused.answered());
        assertTrue(refused.error().contains("every instance needs the same caravan.tls certificate"), refused.error());
    }

    @Test
    void asksWithTheCallersTokenAndMarksTheQuestionAsAPeers() throws IOException {
        String url = peer();
        List<TrackingPeers.Answer> answers = peers(List.of(url), Optional.empty(), 0).ask("/ok/api/tracking?queueId=Q1", "Bearer secret-token");
        assertEquals(1, answers.size());
        assertTrue(answers.get(0).answered(), String.valueOf(answers.get(0).error()));
        assertEquals(200, answers.get(0).status());
        assertEquals("/ok/api/tracking?queueId=Q1", seen.get("path"));
        assertEquals("Bearer secret-token", seen.get("authorization"));
        assertFalse(seen.get("peer").isBlank(), "a peer does not ask its own peers again");
    }

    @Test
    void aPeerThatDoesNotAnswerInTimeIsNamedWithWhy() throws IOException {
        String url = peer();
        TrackingPeers.Answer a = peers(List.of(url + "/stuck"), Optional.empty(), 0).ask("/api/tracking", null).get(0);
        assertFalse(a.answered());
        assertEquals(url + "/stuck", a.peer());
        assertTrue(a.error().contains("500 ms"), a.error());
    }

    @Test
    void aPeerThatIsDownIsNamedWithWhy() throws IOException {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        TrackingPeers.Answer a = peers(List.of("http://127.0.0.1:" + closed), Optional.empty(), 0).ask("/api/tracking", null).get(0);
        assertFalse(a.answered());
        assertTrue(a.error().contains("Connect"), a.error());
    }

    @Test
    void anInstanceInItsOwnPeerListLeavesItselfOut() throws IOException {
        String url = peer();
        TrackingPeers peers = peers(List.of(url + "/self", url + "/ok"), Optional.empty(), 0);
        List<TrackingPeers.Answer> answers = peers.ask("/api/tracking", null);
        assertEquals(List.of(url + "/ok"), answers.stream().map(TrackingPeers.Answer::peer).toList());
    }

    @Test
    void aDnsNameStandsForEachOfItsAddressesOnTheAdminPort() throws IOException {
        String url = peer();
        int port = server.getAddress().getPort();
        TrackingPeers peers = peers(List.of(), Optional.of("localhost"), port);
        assertTrue(peers.configured());
        assertTrue(peers.peers().contains(url), peers.peers().toString());
        assertFalse(peers(List.of(), Optional.empty(), 0).configured(), "no peers: a search asks this instance only");
    }
}
