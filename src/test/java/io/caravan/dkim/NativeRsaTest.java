// The native RSA provider signs exactly what the JDK signs, takes over only converted keys, and is on where it can load.
package io.caravan.dkim;

import io.caravan.signing.SigningKey;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NativeRsaTest {

    static final KeyPair RSA = rsa();
    static final byte[] DATA = "from:a@example.com\r\nsubject:hi\r\ndkim-signature:v=1; a=rsa-sha256; b=".getBytes(StandardCharsets.US_ASCII);

    @Test
    void onLinuxX8664TheNativeProviderLoads() {
        String arch = System.getProperty("os.arch");
        boolean supported = System.getProperty("os.name").startsWith("Linux") && (arch.equals("amd64") || arch.equals("x86_64"));
        assertEquals(supported, NativeRsa.active(), "the shipped native library is for Linux x86-64");
    }

    @Test
    void anAdoptedKeySignsTheSameBytesAsTheJdkAndVerifiesWithTheJdk() throws Exception {
        PrivateKey adopted = NativeRsa.adopt(RSA.getPrivate());
        if (NativeRsa.active()) {
            assertNotSame(RSA.getPrivate(), adopted, "converted once, to the provider's own key");
        }
        byte[] nativeSignature = DkimAlgorithm.RSA_SHA256.sign(adopted, DATA);
        byte[] jdkSignature = DkimAlgorithm.RSA_SHA256.sign(RSA.getPrivate(), DATA); // PKCS#1 v1.5 is deterministic
        assertArrayEquals(jdkSignature, nativeSignature);
        Signature verifier = Signature.getInstance("SHA256withRSA", "SunRsaSign");
        verifier.initVerify(RSA.getPublic());
        verifier.update(DATA);
        assertTrue(verifier.verify(nativeSignature));
    }

    @Test
    void otherKeysAreLeftAloneAndAdoptingTwiceChangesNothing() throws Exception {
        PrivateKey ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate();
        assertSame(ed, NativeRsa.adopt(ed));
        PrivateKey once = NativeRsa.adopt(RSA.getPrivate());
        assertSame(once, NativeRsa.adopt(once));
    }

    @Test
    void aSigningKeyHoldsTheConvertedKey() {
        SigningKey key = new SigningKey("example.com", "s1", DkimAlgorithm.RSA_SHA256, RSA.getPrivate());
        assertEquals(NativeRsa.active(), key.privateKey() != RSA.getPrivate());
        assertEquals(2048, DkimKeys.rsaBits(key.privateKey()));
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
