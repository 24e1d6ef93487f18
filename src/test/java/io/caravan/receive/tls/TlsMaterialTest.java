// Unit tests for TlsMaterial with an admin-configured certificate and key.
package io.caravan.receive.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsMaterialTest {

    @TempDir
    Path dir;

    private TlsMaterial resolve(Path cert, Path key) {
        return TlsMaterial.resolve(Optional.of(cert), Optional.of(key), dir.resolve("data"), "mx.example.test");
    }

    @Test
    void configuredPemPairIsUsedAsIsAndNothingIsGenerated() throws Exception {
        KeyPair pair = TestPem.rsa();
        Path cert = TestPem.writeChain(dir.resolve("cert.pem"), TestPem.certificate(pair, "mx.example.test"));
        Path key = TestPem.writePkcs8(dir.resolve("key.pem"), pair.getPrivate());

        TlsMaterial material = resolve(cert, key);

        assertEquals(cert, material.certificate());
        assertEquals(key, material.privateKey());
        assertFalse(material.selfSigned());
        assertFalse(Files.exists(dir.resolve("data")));
        assertNotNull(material.keyCertOptions());
        assertNotNull(material.sslContext());
    }

    @Test
    void chainWithIntermediateIsAcceptedWhenKeyMatchesTheFirstCertificate() throws Exception {
        KeyPair leaf = TestPem.rsa();
        Path cert = TestPem.writeChain(dir.resolve("fullchain.pem"),
                TestPem.certificate(leaf, "mx.example.test"), TestPem.certificate(TestPem.rsa(), "Test CA"));
        Path key = TestPem.writePkcs8(dir.resolve("key.pem"), leaf.getPrivate());

        assertFalse(resolve(cert, key).selfSigned());
    }

    @Test
    void pkcs1RsaKeyIsAccepted() throws Exception {
        KeyPair pair = TestPem.rsa();
        Path cert = TestPem.writeChain(dir.resolve("cert.pem"), TestPem.certificate(pair, "mx.example.test"));
        Path key = TestPem.writePkcs1(dir.resolve("key.pem"), pair.getPrivate());
        assertTrue(Files.readString(key).contains("BEGIN RSA PRIVATE KEY"));

        assertNotNull(resolve(cert, key).sslContext());
    }

    @Test
    void sec1EcKeyOnSecp256r1IsAccepted() throws Exception {
        KeyPair pair = TestPem.ecP256();
        Path cert = TestPem.writeChain(dir.resolve("cert.pem"), TestPem.certificate(pair, "mx.example.test"));
        Path key = TestPem.writeSec1(dir.resolve("key.pem"), pair);
        assertTrue(Files.readString(key).contains("BEGIN EC PRIVATE KEY"));

        assertNotNull(resolve(cert, key).sslContext());
    }

    @Test
    void opensslEcKeyWithLeadingParametersBlockIsAccepted() throws Exception {
        Path cert = Files.writeString(dir.resolve("cert.pem"), OpensslEcPair.CERTIFICATE);
        Path key = Files.writeString(dir.resolve("key.pem"), OpensslEcPair.KEY);

        assertNotNull(resolve(cert, key).sslContext());
    }

    @Test
    void pkcs8EcKeyIsAccepted() throws Exception {
        KeyPair pair = TestPem.ecP256();
        Path cert = TestPem.writeChain(dir.resolve("cert.pem"), TestPem.certificate(pair, "mx.example.test"));
        Path key = TestPem.writePkcs8(dir.resolve("key.pem"), pair.getPrivate());

        assertFalse(resolve(cert, key).selfSigned());
    }

    @Test
    void expiredCertificateIsStillServedBecauseExpiryOnlyWarns() throws Exception {
        KeyPair pair = TestPem.rsa();
        Instant now = Instant.now();
        Path cert = TestPem.writeChain(dir.resolve("cert.pem"), TestPem.certificate(pair, "mx.example.test",
                now.minus(Duration.ofDays(100)), now.minus(Duration.ofDays(10))));
        Path key = TestPem.writePkcs8(dir.resolve("key.pem"), pair.getPrivate());

        assertEquals(cert, resolve(cert, key).certificate());
    }

    @Test
    void keyOfAnotherCertificateIsRejectedNamingTheKeyFile() throws Exception {
        Path cert = TestPem.writeChain(dir.resolve("cert.pem"), TestPem.certificate(TestPem.rsa(), "mx.example.test"));
        Path key = TestPem.writePkcs8(dir.resolve("other-key.pem"), TestPem.rsa().getPrivate());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> resolve(cert, key));

        assertTrue(e.getMessage().contains(key.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("does not match"), e.getMessage());
    }

    @Test
    void missingCertificateFileIsRejectedNamingIt() throws Exception {
        Path cert = dir.resolve("absent.pem");
        Path key = TestPem.writePkcs8(dir.resolve("key.pem"), TestPem.rsa().getPrivate());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> resolve(cert, key));

        assertEquals("certificate file " + cert + " does not exist", e.getMessage());
    }

    @Test
    void missingKeyFileIsRejectedNamingIt() throws Exception {
        Path cert = TestPem.writeChain(dir.resolve("cert.pem"), TestPem.certificate(TestPem.rsa(), "mx.example.test"));
        Path key = dir.resolve("absent-key.pem");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> resolve(cert, key));

        assertEquals("private key file " + key + " does not exist", e.getMessage());
    }

    @Test
    void certificateGivenAsKeyIsRejectedForLackingAKeyBlock() throws Exception {
        Path cert = TestPem.writeChain(dir.resolve("cert.pem"), TestPem.certificate(TestPem.rsa(), "mx.example.test"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> resolve(cert, cert));

        assertTrue(e.getMessage().startsWith("private key file " + cert + " contains no BEGIN PRIVATE KEY"),
                e.getMessage());
    }

    @Test
    void fileWithoutCertificateBlockIsRejected() throws Exception {
        KeyPair pair = TestPem.rsa();
        Path key = TestPem.writePkcs8(dir.resolve("key.pem"), pair.getPrivate());
        Path notPem = Files.writeString(dir.resolve("cert.pem"), "not a certificate\n");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> resolve(notPem, key));

        assertEquals("certificate file " + notPem + " contains no BEGIN CERTIFICATE block", e.getMessage());
    }

    @Test
    void certificateWithoutKeyIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TlsMaterial.resolve(
                Optional.of(dir.resolve("cert.pem")), Optional.empty(), dir, "mx.example.test"));

        assertEquals("certificate and private key must be set together", e.getMessage());
    }

    @Test
    void keyWithoutCertificateIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TlsMaterial.resolve(
                Optional.empty(), Optional.of(dir.resolve("key.pem")), dir, "mx.example.test"));

        assertEquals("certificate and private key must be set together", e.getMessage());
    }

    @Test
    void encryptedKeysAreRefusedWithTheReason() throws Exception {
        Path cert = TestPem.writeChain(dir.resolve("cert.pem"), TestPem.certificate(TestPem.rsa(), "mx.example.test"));
        Path pkcs8 = Files.writeString(dir.resolve("pkcs8.pem"),
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIBvTBXBgkqhkiG9w0BBQ0wSjApBgkqhkiG9w0BBQwwHAQI\n-----END ENCRYPTED PRIVATE KEY-----\n");
        Path traditional = Files.writeString(dir.resolve("rsa.pem"), "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
                + "DEK-Info: AES-128-CBC,0123456789ABCDEF0123456789ABCDEF\n\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\n");

        for (Path key : new Path[] {pkcs8, traditional}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> resolve(cert, key));
            assertEquals("private key file " + key + " is encrypted; Caravan needs an unencrypted key (readable by its user only)",
                    e.getMessage());
        }
    }
}
