// The certificate chain and private key the receive connectors serve for STARTTLS and implicit TLS.
package io.caravan.receive.tls;

import io.vertx.core.net.KeyCertOptions;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import org.jboss.logging.Logger;

/**
 * Paths of a PEM certificate chain (leaf first) and its PEM private key, already checked to match.
 *
 * <pre>
 * caravan:
 *   tls:
 *     certificate: /etc/caravan/fullchain.pem   # both unset: self-signed under data-dir/tls
 *     private-key: /etc/caravan/privkey.pem
 * </pre>
 */
public record TlsMaterial(Path certificate, Path privateKey, boolean selfSigned) {

    private static final Logger LOG = Logger.getLogger(TlsMaterial.class);

    /**
     * The configured pair, checked; or, with neither configured, the self-signed pair under
     * {@code <dataDir>/tls}, generated at first start.
     *
     * @throws IllegalArgumentException naming the file and the problem; the caller prefixes the config key
     */
    public static TlsMaterial resolve(Optional<Path> certificate, Optional<Path> privateKey, Path dataDir,
            String hostname) {
        if (certificate.isPresent() != privateKey.isPresent()) {
            throw new IllegalArgumentException("certificate and private key must be set together");
        }
        if (certificate.isEmpty()) {
            return SelfSignedCertificate.ensure(dataDir.resolve("tls"), hostname);
        }
        PemPair pair = PemPair.load(certificate.get(), privateKey.get());
        warnOutsideValidity(certificate.get(), pair.leaf());
        return new TlsMaterial(certificate.get(), privateKey.get(), false);
    }

    /** For Vert.x NetServerOptions: the files read (again) now, served without a key store. */
    public KeyCertOptions keyCertOptions() {
        return KeyCertOptions.wrap(new PairKeyManager(PemPair.load(certificate, privateKey)));
    }

    /** A server-side context for code on plain JSSE; callers restrict protocols to {@link TlsProtocols#ENABLED}. */
    public SSLContext sslContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {new PairKeyManager(PemPair.load(certificate, privateKey))}, null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a TLS context from " + certificate + ": " + e, e);
        }
    }

    /** Only a warning: opportunistic STARTTLS peers rarely verify, and refusing to start would stop all mail. */
    private static void warnOutsideValidity(Path file, X509Certificate leaf) {
        Date now = new Date();
        if (now.after(leaf.getNotAfter())) {
            LOG.warnf("TLS certificate %s expired on %s; senders that verify certificates will refuse it",
                    file, leaf.getNotAfter().toInstant());
        } else if (now.before(leaf.getNotBefore())) {
            LOG.warnf("TLS certificate %s is not valid until %s; senders that verify certificates will refuse it",
                    file, leaf.getNotBefore().toInstant());
        }
    }
}
