// The DKIM signing algorithms Caravan signs and verifies with: rsa-sha256 (RFC 6376) and ed25519-sha256 (RFC 8463).
package io.caravan.dkim;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.EdECPrivateKey;
import java.util.Locale;
import java.util.Optional;

/**
 * Both hash the header data with SHA-256. RSA signs it with PKCS#1 v1.5; Ed25519 signs the 32-byte
 * SHA-256 digest of it with PureEdDSA (RFC 8463 §3), so the data is hashed twice in effect.
 */
public enum DkimAlgorithm {
    RSA_SHA256("rsa-sha256", "rsa"),
    ED25519_SHA256("ed25519-sha256", "ed25519");

    private final String tag;
    private final String keyType;

    DkimAlgorithm(String tag, String keyType) {
        this.tag = tag;
        this.keyType = keyType;
    }

    /** The a= value. */
    public String tag() {
        return tag;
    }

    /** The k= value of the matching key record. */
    public String keyType() {
        return keyType;
    }

    /** The hash of the a= value, the name the key record's h= tag lists. */
    public String hashName() {
        return "sha256";
    }

    /** The algorithm an a= value names, ignoring case; empty for anything else (rsa-sha1 included). */
    public static Optional<DkimAlgorithm> fromTag(String tag) {
        String t = tag.strip().toLowerCase(Locale.ROOT);
        for (DkimAlgorithm a : values()) {
            if (a.tag.equals(t)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** Whether this key (public or private) is of the kind this algorithm signs with. */
    public boolean fits(Key key) {
        String alg = key.getAlgorithm();
        return switch (this) {
            case RSA_SHA256 -> "RSA".equalsIgnoreCase(alg);
            case ED25519_SHA256 -> "Ed25519".equalsIgnoreCase(alg) || "EdDSA".equalsIgnoreCase(alg);
        };
    }

    public byte[] sign(PrivateKey key, byte[] headerData) {
        if (this == ED25519_SHA256 && key instanceof EdECPrivateKey ed && ed.getBytes().isPresent()) {
            return Ed25519Signing.sign(ed, input(headerData));
        }
        try {
            Signature s = this == RSA_SHA256 ? NativeRsa.sha256WithRsa(key) : signature();
            s.initSign(key);
            s.update(input(headerData));
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(tag + " signing failed: " + e.getMessage(), e);
        }
    }

    /** @throws GeneralSecurityException when the key cannot be used at all (not for a mere mismatch) */
    public boolean verify(PublicKey key, byte[] headerData, byte[] signature) throws GeneralSecurityException {
        Signature s = signature();
        s.initVerify(key);
        s.update(input(headerData));
        try {
            return s.verify(signature);
        } catch (SignatureException e) {
            return false; // e.g. a signature of the wrong length: it did not verify
        }
    }

    private Signature signature() throws NoSuchAlgorithmException {
        return Signature.getInstance(this == RSA_SHA256 ? "SHA256withRSA" : "Ed25519");
    }

    private byte[] input(byte[] headerData) {
        return this == RSA_SHA256 ? headerData : SignedData.sha256().digest(headerData);
    }
}
