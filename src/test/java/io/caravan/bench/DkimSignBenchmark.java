// JMH: a whole DKIM-Signature field from DkimSigner, rsa-sha256 (2048-bit) and ed25519-sha256, on 5 KB and 100 KB.
package io.caravan.bench;

import io.caravan.dkim.DkimAlgorithm;
import io.caravan.signing.DkimSigner;
import io.caravan.signing.SigningKey;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What the dkimSigning stage spends per message and key: parse, body hash, header data, the
 * private-key operation, folding. Compare with SignatureBenchmark for the private-key share, and
 * with DkimBodyBenchmark and DkimHeaderBenchmark for the rest.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DkimSignBenchmark {

    @Param({"RSA_SHA256", "ED25519_SHA256"})
    public DkimAlgorithm algorithm;

    @Param({"5120", "102400"})
    public int size;

    private final DkimSigner signer = new DkimSigner();
    private final Instant now = Instant.parse("2026-03-01T12:00:00Z");
    private byte[] message;
    private SigningKey key;

    @Setup
    public void setUp() {
        message = SampleMessages.message(size);
        key = BenchKeys.of(algorithm, "example.org", "bench");
    }

    @Benchmark
    public byte[] signatureField() {
        return signer.signatureField(message, key, now);
    }
}
