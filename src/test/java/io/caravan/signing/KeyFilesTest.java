package io.caravan.signing;

import io.caravan.dkim.DkimAlgorithm;
import io.caravan.dkim.DkimKeys;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.util.Base64;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KeyFilesTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(DkimAlgorithm.class)
    void generatesAKeyPairWrittenAsOwnerOnlyPkcs8Pem(DkimAlgorithm algorithm) throws Exception {
        Path file = dir.resolve("keys/example.com." + algorithm.keyType() + ".pem");
        KeyPair pair = KeyFiles.generate(algorithm, file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(Files.readString(file).startsWith("-----BEGIN PRIVATE KEY-----\n"));
        PrivateKey loaded = KeyFiles.load(file);
        assertArrayEquals(pair.getPrivate().getEncoded(), loaded.getEncoded());
        assertArrayEquals(pair.getPublic().getEncoded(), DkimKeys.publicKey(loaded).getEncoded());
        if (algorithm == DkimAlgorithm.RSA_SHA256) {
            assertEquals(2048, DkimKeys.rsaBits(loaded));
        }
        try (var listing = Files.list(file.getParent())) {
            assertEquals(1, listing.count(), "no temporary file left behind");
        }
    }

    @Test
    void neverOverwritesAnExistingKeyFile() throws Exception {
        Path file = dir.resolve("existing.pem");
        Files.writeString(file, "keep me");
        assertThrows(FileAlreadyExistsException.class, () -> KeyFiles.generate(DkimAlgorithm.ED25519_SHA256, file));
        assertEquals("keep me", Files.readString(file));
    }

    @Test
    void loadsAPkcs1RsaPrivateKey() throws Exception {
        KeyPair pair = TestKeys.rsa2048();
        byte[] pkcs1 = PrivateKeyInfo.getInstance(pair.getPrivate().getEncoded()).parsePrivateKey()
                .toASN1Primitive().getEncoded();
        String pem = "-----BEGIN RSA PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pkcs1)
                + "\n-----END RSA PRIVATE KEY-----\n";
        Path file = dir.resolve("pkcs1.pem");
        Files.writeString(file, pem);
        assertArrayEquals(pair.getPrivate().getEncoded(), KeyFiles.load(file).getEncoded());
    }

    @Test
    void loadsAnEd25519KeyAsOpensslGenpkeyWritesIt() {
        // openssl genpkey -algorithm ed25519 for the RFC 8463 seed.
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + "MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g\n"
                + "-----END PRIVATE KEY-----\n";
        PrivateKey key = KeyFiles.parse(pem);
        assertEquals(Rfc8463.ED25519_RECORD, DkimSigner.dnsRecord(DkimKeys.publicKey(key), DkimAlgorithm.ED25519_SHA256));
    }

    @Test
    void refusesEncryptedKeysAndFilesWithoutAKeyNamingTheFile() throws Exception {
        Path encrypted = dir.resolve("encrypted.pem");
        Files.writeString(encrypted, "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KeyFiles.load(encrypted));
        assertTrue(e.getMessage().contains(encrypted.toString()) && e.getMessage().contains("encrypted"), e.getMessage());

        Path certificate = dir.resolve("cert.pem");
        Files.writeString(certificate, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        e = assertThrows(IllegalArgumentException.class, () -> KeyFiles.load(certificate));
        assertTrue(e.getMessage().contains("no BEGIN PRIVATE KEY"), e.getMessage());

        Path missing = dir.resolve("missing.pem");
        e = assertThrows(IllegalArgumentException.class, () -> KeyFiles.load(missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }
}
