// Unit tests for the self-signed pair TlsMaterial falls back to when no certificate is configured.
package io.caravan.receive.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfSignedCertificateTest {

    private static final String HOST = "mx.example.test";

    @TempDir
    Path dataDir;

    private TlsMaterial resolve() {
        return TlsMaterial.resolve(Optional.empty(), Optional.empty(), dataDir, HOST);
    }

    private static X509Certificate read(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    @Test
    void firstStartGeneratesBothFilesUnderDataDirTls() {
        TlsMaterial material = resolve();

        assertTrue(material.selfSigned());
        assertEquals(dataDir.resolve("tls/selfsigned-cert.pem"), material.certificate());
        assertEquals(dataDir.resolve("tls/selfsigned-key.pem"), material.privateKey());
        assertTrue(Files.isRegularFile(material.certificate()));
        assertTrue(Files.isRegularFile(material.privateKey()));
    }

    @Test
    void generatedCertificateNamesTheHostnameAsCommonNameAndDnsSubjectAltName() throws Exception {
        X509Certificate cert = read(resolve().certificate());

        assertEquals("CN=" + HOST, cert.getSubjectX500Principal().getName());
        assertEquals(List.of(List.of(2, HOST)), List.copyOf(cert.getSubjectAlternativeNames()));
        assertEquals("SHA256withRSA", cert.getSigAlgName());
        assertEquals(Duration.ofDays(825),
                Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant()));
        assertTrue(cert.getSerialNumber().signum() > 0 && cert.getSerialNumber().bitLength() <= 128);
        cert.checkValidity();
    }

    @Test
    void generatedKeyIsPkcs8AndReadableByItsOwnerOnly() throws Exception {
        Path key = resolve().privateKey();
        assumeTrue(Files.getFileStore(key).supportsFileAttributeView("posix"));

        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(key));
        assertTrue(Files.readString(key).startsWith("-----BEGIN PRIVATE KEY-----"));
    }

    @Test
    void generationLeavesNoTemporaryFilesBehind() throws Exception {
        resolve();

        try (Stream<Path> files = Files.list(dataDir.resolve("tls"))) {
            assertEquals(List.of("selfsigned-cert.pem", "selfsigned-key.pem"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void secondStartReusesTheSameFiles() throws Exception {
        TlsMaterial first = resolve();
        byte[] cert = Files.readAllBytes(first.certificate());
        byte[] key = Files.readAllBytes(first.privateKey());

        TlsMaterial second = resolve();

        assertEquals(first, second);
        assertArrayEquals(cert, Files.readAllBytes(second.certificate()));
        assertArrayEquals(key, Files.readAllBytes(second.privateKey()));
    }

    @Test
    void expiredSelfSignedCertificateIsRegenerated() throws Exception {
        Path tls = Files.createDirectories(dataDir.resolve("tls"));
        KeyPair old = TestPem.rsa();
        Instant now = Instant.now();
        X509Certificate expired = TestPem.certificate(old, HOST, now.minus(Duration.ofDays(900)),
                now.minus(Duration.ofDays(1)));
        TestPem.writeChain(tls.resolve("selfsigned-cert.pem"), expired);
        TestPem.writePkcs8(tls.resolve("selfsigned-key.pem"), old.getPrivate());

        X509Certificate renewed = read(resolve().certificate());

        assertFalse(renewed.getPublicKey().equals(old.getPublic()));
        renewed.checkValidity();
    }

    @Test
    void selfSignedPairLeftMismatchedByACrashIsRegenerated() throws Exception {
        TlsMaterial first = resolve();
        byte[] oldCert = Files.readAllBytes(first.certificate());
        TestPem.writePkcs8(first.privateKey(), TestPem.rsa().getPrivate());

        TlsMaterial second = resolve();

        assertFalse(Arrays.equals(oldCert, Files.readAllBytes(second.certificate())));
        assertNotNull(second.sslContext());
    }

    @Test
    void blankHostnameCannotNameAGeneratedCertificate() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TlsMaterial.resolve(Optional.empty(), Optional.empty(), dataDir, " "));

        assertTrue(e.getMessage().contains("hostname"), e.getMessage());
    }
}
