// Key pairs for tests, generated once per JVM: RSA generation is slow enough to matter when repeated.
package io.caravan.signing;

import io.caravan.dkim.DkimAlgorithm;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.GeneralSecurityException;

public final class TestKeys {

    private TestKeys() {
    }

    private static KeyPair rsa2048;
    private static KeyPair ed25519;

    public static synchronized KeyPair rsa2048() {
        if (rsa2048 == null) {
            rsa2048 = KeyFiles.generate(DkimAlgorithm.RSA_SHA256);
        }
        return rsa2048;
    }

    public static synchronized KeyPair ed25519() {
        if (ed25519 == null) {
            ed25519 = KeyFiles.generate(DkimAlgorithm.ED25519_SHA256);
        }
        return ed25519;
    }

    public static KeyPair of(DkimAlgorithm algorithm) {
        return algorithm == DkimAlgorithm.RSA_SHA256 ? rsa2048() : ed25519();
    }

    /** An RSA pair of any size, 512 included (what no signer may use). */
    public static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static SigningKey signingKey(DkimAlgorithm algorithm, String domain, String selector) {
        return new SigningKey(domain, selector, algorithm, of(algorithm).getPrivate());
    }
}
