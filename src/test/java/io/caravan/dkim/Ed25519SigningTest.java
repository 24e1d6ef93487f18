package io.caravan.dkim;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;

import static org.junit.jupiter.api.Assertions.*;

class Ed25519SigningTest {

    @Test
    void signsExactlyAsTheJdkDoes() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        for (String text : new String[] {"", "a", "DKIM-Signature: v=1; a=ed25519-sha256; b="}) {
            byte[] message = text.getBytes(StandardCharsets.US_ASCII);
            Signature jdk = Signature.getInstance("Ed25519");
            jdk.initSign(pair.getPrivate());
            jdk.update(message);
            assertArrayEquals(jdk.sign(), Ed25519Signing.sign((EdECPrivateKey) pair.getPrivate(), message), text);
        }
    }

    @Test
    void dkimEd25519SignaturesVerifyWithThePublicKey() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] headerData = "from:a@example.com\r\ndkim-signature:v=1; b=".getBytes(StandardCharsets.US_ASCII);
        byte[] signature = DkimAlgorithm.ED25519_SHA256.sign(pair.getPrivate(), headerData);
        assertTrue(DkimAlgorithm.ED25519_SHA256.verify(pair.getPublic(), headerData, signature));
        assertFalse(DkimAlgorithm.ED25519_SHA256.verify(pair.getPublic(), "from:b@example.com\r\n".getBytes(StandardCharsets.US_ASCII), signature));
    }
}
