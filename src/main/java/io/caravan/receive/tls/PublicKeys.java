// Derives the public half of an RSA or EC private key, to compare it with a certificate's.
package io.caravan.receive.tls;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import org.bouncycastle.jcajce.provider.asymmetric.util.EC5Util;
import org.bouncycastle.jce.spec.ECParameterSpec;

final class PublicKeys {

    private PublicKeys() {
    }

    /** @throws IllegalArgumentException naming the file when the key is of a kind Caravan does not serve */
    static PublicKey of(PrivateKey key, Path file) {
        try {
            if (key instanceof RSAPrivateCrtKey rsa) {
                return KeyFactory.getInstance("RSA")
                        .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
            }
            if (key instanceof ECPrivateKey ec) {
                // Q = d·G; the files need not carry the public point (SEC1 and PKCS#8 make it optional).
                ECParameterSpec curve = EC5Util.convertSpec(ec.getParams());
                org.bouncycastle.math.ec.ECPoint q = curve.getG().multiply(ec.getS()).normalize();
                ECPoint w = new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
                return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, ec.getParams()));
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("private key file " + file + " holds an unusable "
                    + key.getAlgorithm() + " key: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("private key file " + file + " holds a " + key.getAlgorithm()
                + " key; Caravan serves RSA or EC keys");
    }
}
