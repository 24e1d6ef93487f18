// Keeps a self-signed certificate under data-dir/tls so STARTTLS works before an admin configures one.
package io.caravan.receive.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.jboss.logging.Logger;

final class SelfSignedCertificate {

    private static final Logger LOG = Logger.getLogger(SelfSignedCertificate.class);
    static final String CERT_FILE = "selfsigned-cert.pem";
    static final String KEY_FILE = "selfsigned-key.pem";
    /** The longest lifetime browsers ever accepted; nobody verifies this one anyway, so no yearly churn. */
    static final Duration VALIDITY = Duration.ofDays(825);
    private static final SecureRandom RANDOM = new SecureRandom();

    private SelfSignedCertificate() {
    }

    /**
     * Reuses the pair in {@code dir}, or writes a new one when it is absent, unusable or expired. Synchronized so
     * connectors resolving in parallel cannot interleave two generations into a key of one and a certificate of
     * the other.
     */
    static synchronized TlsMaterial ensure(Path dir, String hostname) {
        Path cert = dir.resolve(CERT_FILE);
        Path key = dir.resolve(KEY_FILE);
        String reason = whyRegenerate(cert, key);
        if (reason != null) {
            if (hostname == null || hostname.isBlank()) {
                throw new IllegalArgumentException("a hostname is needed to generate the self-signed certificate "
                        + cert);
            }
            generate(dir, cert, key, hostname);
            LOG.infof("Generated a self-signed TLS certificate for %s in %s (%s)", hostname, cert, reason);
        }
        LOG.warnf("Receive connectors use the self-signed TLS certificate %s; senders that verify certificates"
                + " will refuse it. Set caravan.tls.certificate and caravan.tls.private-key to a CA-issued pair.",
                cert);
        return new TlsMaterial(cert, key, true);
    }

    /** Null when the existing pair can be served as is. */
    private static String whyRegenerate(Path cert, Path key) {
        if (!Files.exists(cert) || !Files.exists(key)) {
            return "first start";
        }
        try {
            Date notAfter = PemPair.load(cert, key).leaf().getNotAfter();
            return notAfter.before(new Date()) ? "the previous one expired on " + notAfter.toInstant() : null;
        } catch (IllegalArgumentException e) {
            // These files are ours; a crash between the two writes leaves a mismatch that a new pair repairs.
            LOG.warnf("Replacing the unusable self-signed TLS pair: %s", e.getMessage());
            return "the previous one was unusable";
        }
    }

    private static void generate(Path dir, Path certFile, Path keyFile, String hostname) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, RANDOM);
            KeyPair pair = generator.generateKeyPair();
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(build(pair, hostname)
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
            Files.createDirectories(dir);
            // Key first: a crash before the certificate lands leaves a mismatch, which the next start repairs.
            writeAtomically(keyFile, pem(new JcaPKCS8Generator(pair.getPrivate(), null).generate()), "rw-------");
            writeAtomically(certFile, pem(cert), "rw-r--r--");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write the self-signed certificate in " + dir + ": " + e, e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot generate a self-signed certificate", e);
        }
    }

    private static X509v3CertificateBuilder build(KeyPair pair, String hostname) throws IOException {
        // The builder escapes the name, so a hostname cannot smuggle in extra RDNs the way "CN=" + hostname could.
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, hostname).build();
        Instant notBefore = Instant.now().minus(Duration.ofHours(1)); // a peer whose clock lags still accepts it
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, new BigInteger(128, RANDOM),
                Date.from(notBefore), Date.from(notBefore.plus(VALIDITY)), subject, pair.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.dNSName, hostname)));
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true,
                new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        return builder;
    }

    private static byte[] pem(Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static FileAttribute<?> posix(String permissions) {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions));
    }

    /** Temp file, fsync, rename: a reader sees the old file or the whole new one, never half of it. */
    private static void writeAtomically(Path target, byte[] content, String permissions) throws IOException {
        Path dir = target.getParent();
        // Created with its final mode, so the key is never readable by others, not even for a moment.
        FileAttribute<?>[] mode = Files.getFileStore(dir).supportsFileAttributeView("posix")
                ? new FileAttribute<?>[] {posix(permissions)}
                : new FileAttribute<?>[0];
        Path temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp", mode);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(content));
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
