// A DKIM signing identity: the domain (d=), the selector (s=), the algorithm and its private key.
package io.caravan.signing;

import io.caravan.dkim.DkimAlgorithm;
import io.caravan.dkim.DkimKeys;
import io.caravan.dkim.NativeRsa;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Refuses at construction what must never sign: a key of the wrong type for the algorithm, and
 * RSA keys under 1024 bits (RFC 8301 §3.2). RSA keys under 2048 bits sign, with a {@link #warning()}.
 */
public record SigningKey(String domain, String selector, DkimAlgorithm algorithm, PrivateKey privateKey) {

    private static final Logger LOG = Logger.getLogger(SigningKey.class);
    public static final int RSA_RECOMMENDED_BITS = 2048;

    public SigningKey {
        if (domain == null || domain.isBlank() || domain.contains(";")) {
            throw new IllegalArgumentException("DKIM signing domain '" + domain + "' is not a domain name");
        }
        if (selector == null || selector.isBlank() || selector.contains(";") || selector.contains(" ")) {
            throw new IllegalArgumentException("DKIM selector '" + selector + "' is not a valid selector");
        }
        domain = domain.strip().toLowerCase(Locale.ROOT);
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(privateKey, "privateKey");
        if (!algorithm.fits(privateKey)) {
            throw new IllegalArgumentException("the " + privateKey.getAlgorithm() + " key for " + domain
                    + " cannot sign " + algorithm.tag());
        }
        privateKey = NativeRsa.adopt(privateKey); // converted once: every signature then runs natively, if it can
        int bits = DkimKeys.rsaBits(privateKey);
        if (algorithm == DkimAlgorithm.RSA_SHA256 && bits < DkimKeys.RSA_MINIMUM_BITS) {
            throw new IllegalArgumentException("the RSA key for " + domain + " has " + bits
                    + " bits; DKIM needs at least " + DkimKeys.RSA_MINIMUM_BITS + " (at least " + RSA_RECOMMENDED_BITS
                    + " recommended)");
        }
    }

    /** Loads the key from a PEM file and logs the {@link #warning()} if there is one. */
    public static SigningKey load(String domain, String selector, DkimAlgorithm algorithm, Path pemFile) {
        SigningKey key = new SigningKey(domain, selector, algorithm, KeyFiles.load(pemFile));
        key.warning().ifPresent(w -> LOG.warn(w + " (" + pemFile + ")"));
        return key;
    }

    /** Text for the operator when the key signs but is weaker than recommended. */
    public Optional<String> warning() {
        int bits = DkimKeys.rsaBits(privateKey);
        if (algorithm == DkimAlgorithm.RSA_SHA256 && bits < RSA_RECOMMENDED_BITS) {
            return Optional.of("the DKIM RSA key for " + domain + " (selector " + selector + ") has only " + bits
                    + " bits; at least " + RSA_RECOMMENDED_BITS + " recommended");
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "SigningKey[" + selector + "._domainkey." + domain + ", " + algorithm.tag() + "]"; // never the key
    }
}
