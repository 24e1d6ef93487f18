// Asks the other instances' admin APIs the same tracking question, in parallel, each within a timeout.
package io.caravan.admin;

import io.caravan.receive.tls.TlsMaterial;
import io.caravan.receive.tls.TlsSettings;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Inet6Address;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Each instance indexes the events of the messages it handled; a message received on one instance may be delivered
 * by another. A search on any instance therefore asks every peer too and merges ({@link TrackingApi}). The caller's
 * bearer token is passed on (every instance has the same admin tokens), and the request carries
 * {@value #PEER_QUERY} with this instance's id: a peer answers from its own store only (no second fan-out), and an
 * instance that finds its own id (it is in its own peer list, or its own address under dns-name) answers
 * {@code {"self": true}}, which is left out. Peers over HTTPS (caravan.admin.https) must present this instance's own
 * certificate (caravan.tls, the same Secret everywhere): trusted by that pin, not by the name, since peers are
 * reached by address.
 */
@Singleton
public class TrackingPeers {

    /** Marks a query one instance asks another; its value is the asking instance's id. */
    public static final String PEER_QUERY = "Caravan-Peer-Query";

    /** One peer's answer: its body (status 200 or 404), or why there is none. */
    public record Answer(String peer, int status, JsonObject body, String error) {
        boolean answered() {
            return error == null;
        }
    }

    private final PeersConfig config;
    private final AdminConfig admin;
    private final Supplier<TlsMaterial> tls;
    private final String instanceId = UUID.randomUUID().toString();
    private volatile HttpClient client;

    @Inject
    public TrackingPeers(PeersConfig config, AdminConfig admin, TlsSettings tls) {
        this(config, admin, tls == null ? null : tls::material);
    }

    /** With the certificate this instance serves given directly (tests). */
    TrackingPeers(PeersConfig config, AdminConfig admin, Supplier<TlsMaterial> ownCertificate) {
        this.config = config;
        this.admin = admin;
        this.tls = ownCertificate;
    }

    public boolean configured() {
        return config.urls().filter(u -> !u.isEmpty()).isPresent() || config.dnsName().filter(n -> !n.isBlank()).isPresent();
    }

    /** Whether this value of {@value #PEER_QUERY} is this instance's own id. */
    public boolean isSelf(String peerQuery) {
        return instanceId.equals(peerQuery);
    }

    /**
     * GETs the path (with its query) from every peer at once; waits at most caravan.peers.timeout for each.
     * A peer that asked itself ({@code self}) is left out of the answers.
     */
    public List<Answer> ask(String pathAndQuery, String authorization) {
        List<String> peers = new ArrayList<>();
        List<Answer> answers = new ArrayList<>();
        try {
            peers.addAll(peers());
        } catch (UnknownHostException e) {
            answers.add(new Answer(config.dnsName().orElse(""), 0, null, "the name does not resolve: " + e.getMessage()));
        }
        List<CompletableFuture<Answer>> pending = new ArrayList<>();
        for (String peer : peers) {
            pending.add(ask(peer, pathAndQuery, authorization));
        }
        for (CompletableFuture<Answer> f : pending) {
            Answer a = f.join();
            if (!(a.body() != null && a.body().getBoolean("self", false))) {
                answers.add(a);
            }
        }
        return answers;
    }

    private CompletableFuture<Answer> ask(String peer, String pathAndQuery, String authorization) {
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(peer.replaceAll("/+$", "") + pathAndQuery))
                    .timeout(config.timeout()).header(PEER_QUERY, instanceId).header("Accept", "application/json");
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(new Answer(peer, 0, null, "not a URL: " + e.getMessage()));
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client().sendAsync(request.GET().build(), HttpResponse.BodyHandlers.ofString())
                .orTimeout(config.timeout().toMillis() + 500, TimeUnit.MILLISECONDS)
                .handle((response, failure) -> {
                    if (failure != null) {
                        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                        return new Answer(peer, 0, null, cause instanceof java.util.concurrent.TimeoutException
                                || cause instanceof java.net.http.HttpTimeoutException
                                ? "no answer within " + config.timeout().toMillis() + " ms" : String.valueOf(cause));
                    }
                    try {
                        JsonObject body = new JsonObject(response.body());
                        if (response.statusCode() == 200 || response.statusCode() == 404) {
                            return new Answer(peer, response.statusCode(), body, null);
                        }
                        return new Answer(peer, response.statusCode(), null, "HTTP " + response.statusCode() + ": " + body.getString("error", ""));
                    } catch (DecodeException | ClassCastException e) {
                        String text = response.body().strip();
                        return new Answer(peer, response.statusCode(), null, "HTTP " + response.statusCode() + ": "
                                + (text.length() > 200 ? text.substring(0, 200) : text));
                    }
                });
    }

    /** The configured URLs, then one URL per address of dns-name (resolved now: pods come and go). */
    List<String> peers() throws UnknownHostException {
        Set<String> out = new LinkedHashSet<>(config.urls().orElse(List.of()));
        if (config.dnsName().filter(n -> !n.isBlank()).isPresent()) {
            String scheme = admin.https() ? "https" : "http";
            for (InetAddress a : InetAddress.getAllByName(config.dnsName().get())) {
                String host = a instanceof Inet6Address ? "[" + a.getHostAddress() + "]" : a.getHostAddress();
                out.add(scheme + "://" + host + ":" + config.port());
            }
        }
        return List.copyOf(out);
    }

    private HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(config.timeout());
                    if (admin.https()) {
                        b.sslContext(pinnedToOwnCertificate());
                    }
                    client = b.build();
                }
                c = client;
            }
        }
        return c;
    }

    /** A client context that trusts exactly the leaf certificate this instance serves. */
    private SSLContext pinnedToOwnCertificate() {
        try (InputStream in = Files.newInputStream(tls.get().certificate())) {
            X509Certificate own = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new X509ExtendedTrustManager[] {new Pinned(own)}, null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read this instance's certificate to trust its peers: " + e.getMessage(), e);
        }
    }

    /** Trusts a server whose leaf is this certificate; the name is not checked (peers are reached by address). */
    private static final class Pinned extends X509ExtendedTrustManager {
        private final X509Certificate own;

        Pinned(X509Certificate own) {
            this.own = own;
        }

        private void check(X509Certificate[] chain) throws CertificateException {
            if (chain == null || chain.length == 0 || !own.equals(chain[0])) {
                throw new CertificateException("the peer's certificate is not this instance's: every instance needs the same caravan.tls certificate");
            }
        }

        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException { check(chain); }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException { check(chain); }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException { check(chain); }
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException { throw new CertificateException("client side only"); }
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException { throw new CertificateException("client side only"); }
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException { throw new CertificateException("client side only"); }
        @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    }
}
