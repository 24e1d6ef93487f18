// JMH: DKIM body canonicalization (relaxed and simple) and the body hash, on a 5 KB and a 100 KB message.
package io.caravan.bench;

import io.caravan.dkim.BodyCanonicalizer;
import io.caravan.dkim.Canonicalization;
import io.caravan.mail.MessageParts;
import io.caravan.dkim.SignedData;
import java.io.OutputStream;
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
 * The canonicalize benchmarks write to a null stream, so they time {@link BodyCanonicalizer} alone;
 * {@link #hashRelaxed} is what DkimSigner does for bh= (canonicalization plus SHA-256). The size is the
 * whole message; the body is that less the ~800-byte header. MB/s is {@code size / (us/op)}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DkimBodyBenchmark {

    @Param({"5120", "102400"})
    public int size;

    private MessageParts parts;

    @Setup
    public void setUp() {
        parts = MessageParts.parse(SampleMessages.message(size));
        if (parts.bodyLength() < size / 2) {
            throw new IllegalStateException("the sample message has a body of only " + parts.bodyLength() + " bytes");
        }
    }

    @Benchmark
    public long canonicalizeRelaxed() {
        return canonicalize(Canonicalization.RELAXED);
    }

    @Benchmark
    public long canonicalizeSimple() {
        return canonicalize(Canonicalization.SIMPLE);
    }

    @Benchmark
    public SignedData.BodyHash hashRelaxed() {
        return SignedData.body(parts, Canonicalization.RELAXED, -1);
    }

    private long canonicalize(Canonicalization canonicalization) {
        BodyCanonicalizer canonicalizer = new BodyCanonicalizer(canonicalization, OutputStream.nullOutputStream(), -1);
        canonicalizer.update(parts.message(), parts.bodyOffset(), parts.message().length - parts.bodyOffset());
        return canonicalizer.finish();
    }
}
