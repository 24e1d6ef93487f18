// The options every verb that talks to Caravan shares: where the admin API is, the token, and how to trust its certificate.
package io.caravan.cli;

import picocli.CommandLine.Option;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Map;

/** Options win over the environment (CARAVAN_URL, CARAVAN_TOKEN), which wins over the default. */
final class Connection {

    static final String DEFAULT_URL = "http://127.0.0.1:8080";

    @Option(names = "--url", paramLabel = "URL", description = "The admin API (env CARAVAN_URL; default " + DEFAULT_URL + ").")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "Bearer token from caravan.admin.tokens (env CARAVAN_TOKEN). Other users can see arguments: prefer the file or the variable.")
    String token;

    @Option(names = "--token-file", paramLabel = "FILE", description = "Read the token from the first line of this file.")
    Path tokenFile;

    @Option(names = "--ca-file", paramLabel = "PEM", description = "Trust the certificates in this PEM file for an https URL (a self-signed one).")
    Path caFile;

    @Option(names = "--insecure", description = "For an https URL, accept any certificate and host name (testing only).")
    boolean insecure;

    AdminClient open(Map<String, String> env) {
        URI base = base(url != null ? url : env.getOrDefault("CARAVAN_URL", DEFAULT_URL));
        return new AdminClient(base, token(env), "https".equals(base.getScheme()) ? tls() : null);
    }

    private static URI base(String value) {
        try {
            URI uri = URI.create(value.strip());
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
            return uri.resolve("/");
        } catch (IllegalArgumentException e) {
            throw new CliException(CliException.USAGE, "--url must look like http://127.0.0.1:8080 or https://caravan.example.com:8443, not '"
                    + Format.clean(value) + "'");
        }
    }

    private String token(Map<String, String> env) {
        String found = token;
        if (found == null && tokenFile != null) {
            try {
                found = Files.readAllLines(tokenFile).stream().findFirst().orElse("");
            } catch (IOException e) {
                throw new CliException(CliException.USAGE, "cannot read --token-file " + tokenFile + ": " + e.getMessage());
            }
        }
        if (found == null) {
            found = env.get("CARAVAN_TOKEN");
        }
        return found == null || found.isBlank() ? null : found.strip();
    }

    private SSLContext tls() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            if (insecure) {
                context.init(null, new TrustManager[] {new TrustEverything()}, null);
            } else if (caFile != null) {
                TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init(trusting(caFile));
                context.init(null, factory.getTrustManagers(), null);
            } else {
                return null; // the JDK's trusted authorities
            }
            return context;
        } catch (GeneralSecurityException e) {
            throw new CliException(CliException.USAGE, "cannot set up TLS: " + e.getMessage());
        }
    }

    private static KeyStore trusting(Path pem) throws GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca" + i++, c);
            }
            if (i == 0) {
                throw new CliException(CliException.USAGE, "--ca-file " + pem + " holds no PEM certificate");
            }
            return store;
        } catch (IOException e) {
            throw new CliException(CliException.USAGE, "cannot read --ca-file " + pem + ": " + e.getMessage());
        }
    }

    /** --insecure: no chain and no host name check (the extended kind, so the JDK adds no host name check of its own). */
    private static final class TrustEverything extends X509ExtendedTrustManager {
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) { }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) { }
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) { }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) { }
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) { }
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) { }
        @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    }
}
