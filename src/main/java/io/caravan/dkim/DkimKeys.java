// Converts DKIM keys between Java key objects and the forms DNS publishes (RFC 6376 §3.6.1, RFC 8463 §4).
package io.caravan.dkim;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * An RSA p= is the DER SubjectPublicKeyInfo; an Ed25519 p= is the bare 32-byte public key. Keys
 * come back as the JDK's own key objects, so signing needs no extra security provider.
 */
public final class DkimKeys {

    /** RFC 8301 §3.2: verifiers must not accept, and signers must not use, RSA keys shorter than this. */
    public static final int RSA_MINIMUM_BITS = 1024;

    private DkimKeys() {
    }

    /** The public half of a private key: RSA (CRT form, as every PEM holds) or Ed25519. */
    public static PublicKey publicKey(PrivateKey key) {
        try {
            if (key instanceof RSAPrivateCrtKey rsa) {
                return KeyFactory.getInstance("RSA")
                        .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
            }
            if (DkimAlgorithm.ED25519_SHA256.fits(key)) {
                return ed25519(ed25519PublicBytes(key));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot derive the public key: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("unsupported private key type " + key.getAlgorithm()
                + " (DKIM keys are RSA or Ed25519)");
    }

    /** The bytes p= carries, before base64: SubjectPublicKeyInfo for RSA, the raw 32 bytes for Ed25519. */
    public static byte[] dnsKeyBytes(PublicKey key, DkimAlgorithm algorithm) {
        if (!algorithm.fits(key)) {
            throw new IllegalArgumentException("a " + key.getAlgorithm() + " key cannot be published for "
                    + algorithm.tag());
        }
        if (algorithm == DkimAlgorithm.RSA_SHA256) {
            return key.getEncoded();
        }
        return SubjectPublicKeyInfo.getInstance(key.getEncoded()).getPublicKeyData().getBytes();
    }

    /**
     * The key a record's p= value (decoded) holds for a key type (k=). RSA also accepts a bare
     * PKCS#1 RSAPublicKey, which some publishers use.
     *
     * @throws InvalidKeySpecException when the bytes are not a key of that type
     */
    public static PublicKey fromDns(String keyType, byte[] p) throws InvalidKeySpecException {
        try {
            if ("ed25519".equals(keyType)) {
                if (p.length != 32) {
                    throw new InvalidKeySpecException("an Ed25519 key is 32 bytes, this one " + p.length);
                }
                return ed25519(p);
            }
            if ("rsa".equals(keyType)) {
                KeyFactory rsa = KeyFactory.getInstance("RSA");
                try {
                    return rsa.generatePublic(new X509EncodedKeySpec(p));
                } catch (InvalidKeySpecException notSpki) {
                    try {
                        RSAPublicKey pkcs1 = RSAPublicKey.getInstance(p);
                        return rsa.generatePublic(new RSAPublicKeySpec(pkcs1.getModulus(), pkcs1.getPublicExponent()));
                    } catch (RuntimeException notPkcs1) {
                        throw notSpki;
                    }
                }
            }
        } catch (InvalidKeySpecException e) {
            throw e;
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new InvalidKeySpecException(e.getMessage(), e);
        }
        throw new InvalidKeySpecException("unknown key type k=" + keyType);
    }

    /** The JDK public key for raw Ed25519 bytes (RFC 8032). */
    public static PublicKey ed25519(byte[] raw) throws GeneralSecurityException {
        try {
            byte[] spki = new SubjectPublicKeyInfo(new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519), raw)
                    .getEncoded();
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        } catch (IOException e) {
            throw new InvalidKeySpecException(e.getMessage(), e);
        }
    }

    /** The modulus length of an RSA key; 0 for any other key. */
    public static int rsaBits(Key key) {
        if (key instanceof RSAKey rsa) {
            BigInteger modulus = rsa.getModulus();
            return modulus.bitLength();
        }
        return 0;
    }

    private static byte[] ed25519PublicBytes(PrivateKey key) throws InvalidKeySpecException {
        try {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
            byte[] seed = ASN1OctetString.getInstance(info.parsePrivateKey()).getOctets();
            return new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
        } catch (IOException | RuntimeException e) {
            throw new InvalidKeySpecException("unreadable Ed25519 private key: " + e.getMessage(), e);
        }
    }
}
