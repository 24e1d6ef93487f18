// Signing keys generated afresh for the DKIM benchmarks (nothing read from disk).
package io.caravan.bench;

import io.caravan.dkim.DkimAlgorithm;
import io.caravan.signing.SigningKey;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;

final class BenchKeys {

    private BenchKeys() {
    }

    static KeyPair rsa2048() {
        return generate("RSA", 2048);
    }

    static KeyPair ed25519() {
        return generate("Ed25519", 0);
    }

    static SigningKey rsa2048(String domain, String selector) {
        return new SigningKey(domain, selector, DkimAlgorithm.RSA_SHA256, rsa2048().getPrivate());
    }

    static SigningKey ed25519(String domain, String selector) {
        return new SigningKey(domain, selector, DkimAlgorithm.ED25519_SHA256, ed25519().getPrivate());
    }

    static SigningKey of(DkimAlgorithm algorithm, String domain, String selector) {
        return algorithm == DkimAlgorithm.RSA_SHA256 ? rsa2048(domain, selector) : ed25519(domain, selector);
    }

    private static KeyPair generate(String algorithm, int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (bits > 0) {
                generator.initialize(bits);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + algorithm + " key: " + e.getMessage(), e);
        }
    }
}
