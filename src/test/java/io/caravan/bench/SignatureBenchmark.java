// JMH: the bare private-key operation over 64 bytes, to tell the signature's cost apart from canonicalizing and hashing.
package io.caravan.bench;

import io.caravan.dkim.DkimAlgorithm;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The bare benchmarks reuse one JDK {@link Signature}, initialised in setup; the DkimAlgorithm ones go
 * through the production call, which looks the algorithm up and initialises it for every message.
 * 64 bytes is about a quarter of real DKIM header data, which is a few hundred bytes: hashing it is noise.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SignatureBenchmark {

    private final byte[] data = new byte[64];
    private PrivateKey rsaKey;
    private PrivateKey ed25519Key;
    private Signature rsa;
    private io.caravan.signing.SigningKey signingKey;
    private Signature ed25519;

    @Setup
    public void setUp() throws GeneralSecurityException {
        new Random(42).nextBytes(data);
        rsaKey = BenchKeys.rsa2048().getPrivate();
        signingKey = new io.caravan.signing.SigningKey("example.com", "s1", DkimAlgorithm.RSA_SHA256, rsaKey);
        ed25519Key = BenchKeys.ed25519().getPrivate();
        rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(rsaKey);
        ed25519 = Signature.getInstance("Ed25519");
        ed25519.initSign(ed25519Key);
    }

    /** SHA256withRSA, 2048-bit key: one RSA private-key operation (CRT) and a SHA-256 of 64 bytes. */
    @Benchmark
    public byte[] rsa2048Bare() throws GeneralSecurityException {
        rsa.update(data);
        return rsa.sign();
    }

    /** Ed25519 (PureEdDSA) over the same 64 bytes. */
    @Benchmark
    public byte[] ed25519Bare() throws GeneralSecurityException {
        ed25519.update(data);
        return ed25519.sign();
    }

    /** DkimAlgorithm.RSA_SHA256.sign: Signature.getInstance and initSign per call, then as rsa2048Bare. */
    @Benchmark
    public byte[] rsa2048ViaDkimAlgorithm() {
        return DkimAlgorithm.RSA_SHA256.sign(rsaKey, data);
    }

    /** The production path: the key as a SigningKey holds it (converted to the native provider's, where it loads). */
    @Benchmark
    public byte[] rsa2048ViaSigningKey() {
        return DkimAlgorithm.RSA_SHA256.sign(signingKey.privateKey(), data);
    }

    /** DkimAlgorithm.ED25519_SHA256.sign: also SHA-256 of the data first (RFC 8463), then Ed25519 over 32 bytes. */
    @Benchmark
    public byte[] ed25519ViaDkimAlgorithm() {
        return DkimAlgorithm.ED25519_SHA256.sign(ed25519Key, data);
    }
}
