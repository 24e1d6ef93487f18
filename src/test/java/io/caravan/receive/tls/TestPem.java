// Test helper: key pairs, certificates and PEM files in the shapes admins bring (PKCS#8, PKCS#1, SEC1).
package io.caravan.receive.tls;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

final class TestPem {

    private TestPem() {
    }

    static KeyPair rsa() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    static KeyPair ecP256() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    static X509Certificate certificate(KeyPair pair, String cn) throws Exception {
        Instant now = Instant.now();
        return certificate(pair, cn, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(90)));
    }

    static X509Certificate certificate(KeyPair pair, String cn, Instant notBefore, Instant notAfter)
            throws Exception {
        X500Name name = new X500Name("CN=" + cn);
        String algorithm = pair.getPrivate().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name,
                BigInteger.valueOf(now()), Date.from(notBefore), Date.from(notAfter), name, pair.getPublic())
                .build(new JcaContentSignerBuilder(algorithm).build(pair.getPrivate())));
    }

    /** BEGIN CERTIFICATE blocks, leaf first. */
    static Path writeChain(Path file, X509Certificate... chain) throws IOException {
        return write(file, (Object[]) chain);
    }

    /** BEGIN PRIVATE KEY. */
    static Path writePkcs8(Path file, PrivateKey key) throws IOException {
        return write(file, new JcaPKCS8Generator(key, null).generate());
    }

    /** BEGIN RSA PRIVATE KEY: BouncyCastle's writer turns an RSA key into PKCS#1. */
    static Path writePkcs1(Path file, PrivateKey rsaKey) throws IOException {
        return write(file, rsaKey);
    }

    /**
     * BEGIN EC PRIVATE KEY as openssl writes it, curve and public point included. Built by hand because the JDK's
     * EC key leaves the curve out of its inner structure, and BouncyCastle's writer copies that gap.
     */
    static Path writeSec1(Path file, KeyPair ecPair) throws IOException {
        ECPrivateKey key = (ECPrivateKey) ecPair.getPrivate();
        SubjectPublicKeyInfo publicKey = SubjectPublicKeyInfo.getInstance(ecPair.getPublic().getEncoded());
        byte[] sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(key.getParams().getOrder().bitLength(),
                key.getS(), publicKey.getPublicKeyData(), publicKey.getAlgorithm().getParameters()).getEncoded();
        return write(file, new PemObject("EC PRIVATE KEY", sec1));
    }

    private static Path write(Path file, Object... objects) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
                JcaPEMWriter pem = new JcaPEMWriter(out)) {
            for (Object o : objects) {
                pem.writeObject(o);
            }
        }
        return file;
    }

    private static long now() {
        return System.nanoTime() & Long.MAX_VALUE;
    }
}
