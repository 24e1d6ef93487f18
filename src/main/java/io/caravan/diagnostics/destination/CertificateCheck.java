// What a remote host's TLS certificate says: chain trusted by the JDK's CAs, expiry, and whether it names the host.
package io.caravan.diagnostics.destination;

import io.caravan.diagnostics.Findings;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Caravan's outbound STARTTLS is opportunistic (it encrypts without verifying, as most MTAs do), so
 * a bad certificate does not stop delivery today; it does where the destination publishes MTA-STS
 * or DANE, and it is what the remote administrator should fix. Hence warnings, never failures.
 */
public final class CertificateCheck {

    /** A certificate expiring sooner than this is worth a warning. */
    public static final Duration EXPIRY_WARNING = Duration.ofDays(14);

    private final Clock clock;

    public CertificateCheck(Clock clock) {
        this.clock = clock;
    }

    /** A client context that accepts any certificate, so the handshake completes and the chain can be examined. */
    public static SSLContext lookingContext() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new X509TrustManager() {
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
            }}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available in this JVM", e);
        }
    }

    public void check(Findings out, String step, String host, List<X509Certificate> chain) {
        if (chain.isEmpty()) {
            out.warning(step, "The host sent no certificate.", "", "The remote administrator should install a certificate.");
            return;
        }
        X509Certificate leaf = chain.get(0);
        String subject = leaf.getSubjectX500Principal().getName() + ", issued by " + leaf.getIssuerX500Principal().getName()
                + ", valid " + leaf.getNotBefore().toInstant() + " to " + leaf.getNotAfter().toInstant();
        Instant now = clock.instant();
        Instant notAfter = leaf.getNotAfter().toInstant();
        if (now.isAfter(notAfter)) {
            out.warning(step, "The certificate expired on " + notAfter + ".", subject,
                    "The remote administrator must renew the certificate; senders that verify (MTA-STS, DANE) refuse it.");
        } else if (now.isBefore(leaf.getNotBefore().toInstant())) {
            out.warning(step, "The certificate is not valid yet (from " + leaf.getNotBefore().toInstant() + ").", subject,
                    "The remote administrator should check the certificate and the server's clock.");
        } else if (now.plus(EXPIRY_WARNING).isAfter(notAfter)) {
            out.warning(step, "The certificate expires soon, on " + notAfter + ".", subject, "The remote administrator should renew it.");
        } else {
            out.ok(step, "The certificate is valid until " + notAfter + ".", subject);
        }
        List<String> names = names(leaf);
        if (matches(host, names)) {
            out.ok(step, "The certificate names " + host + ".", "names: " + String.join(", ", names));
        } else {
            out.warning(step, "The certificate does not name " + host + ".", "names: " + String.join(", ", names),
                    "The remote administrator should use a certificate that covers the MX host name " + host + ".");
        }
        String untrusted = untrusted(chain);
        if (untrusted == null) {
            out.ok(step, "The chain leads to a certificate authority Java trusts.", chain.size() + " certificate(s)");
        } else if (leaf.getSubjectX500Principal().equals(leaf.getIssuerX500Principal())) {
            out.warning(step, "The certificate is self-signed.", untrusted,
                    "The remote administrator should use a certificate from a public certificate authority.");
        } else {
            out.warning(step, "The chain does not lead to a trusted certificate authority.", untrusted,
                    "The remote administrator should send the intermediate certificates too, or use a public CA.");
        }
    }

    /** The DNS names a certificate covers: its subjectAltNames, else its common name. */
    static List<String> names(X509Certificate cert) {
        List<String> out = new ArrayList<>();
        try {
            if (cert.getSubjectAlternativeNames() != null) {
                for (List<?> san : cert.getSubjectAlternativeNames()) {
                    if (Integer.valueOf(2).equals(san.get(0))) {
                        out.add(String.valueOf(san.get(1)).toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (java.security.cert.CertificateParsingException e) {
            // fall back to the common name
        }
        if (out.isEmpty()) {
            for (String part : cert.getSubjectX500Principal().getName().split(",")) {
                if (part.strip().toUpperCase(Locale.ROOT).startsWith("CN=")) {
                    out.add(part.strip().substring(3).toLowerCase(Locale.ROOT));
                }
            }
        }
        return out;
    }

    /** RFC 6125: exact, or a wildcard standing for exactly the leftmost label. */
    static boolean matches(String host, List<String> names) {
        String h = host.toLowerCase(Locale.ROOT);
        for (String n : names) {
            if (n.equals(h)) {
                return true;
            }
            if (n.startsWith("*.") && h.indexOf('.') > 0 && h.substring(h.indexOf('.')).equals(n.substring(1))) {
                return true;
            }
        }
        return false;
    }

    /** Null when the chain validates against the JDK's trust store; otherwise why not. */
    private String untrusted(List<X509Certificate> chain) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init((KeyStore) null);
            Set<TrustAnchor> anchors = new HashSet<>();
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    for (X509Certificate ca : x.getAcceptedIssuers()) {
                        anchors.add(new TrustAnchor(ca, null));
                    }
                }
            }
            CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(chain);
            PKIXParameters params = new PKIXParameters(anchors);
            params.setRevocationEnabled(false);
            params.setDate(java.util.Date.from(clock.instant()));
            CertPathValidator.getInstance("PKIX").validate(path, params);
            return null;
        } catch (GeneralSecurityException e) {
            return e.getMessage();
        }
    }
}
