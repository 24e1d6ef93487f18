// JMH: the header side of a DKIM signature: splitting the header, choosing h=, canonicalizing the signed fields.
package io.caravan.bench;

import io.caravan.dkim.Canonicalization;
import io.caravan.signing.DkimSigner;
import io.caravan.mail.MessageParts;
import io.caravan.dkim.SignedData;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Independent of the body size (MessageParts stops at the empty line), so one 5 KB message. The
 * DKIM-Signature template, b= empty, is taken from a real signature made in setup: the header data
 * benchmarks hash exactly what DkimSigner signs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DkimHeaderBenchmark {

    private byte[] message;
    private MessageParts parts;
    private List<String> signedNames;
    private byte[] template;

    @Setup
    public void setUp() {
        message = SampleMessages.message(5120);
        parts = MessageParts.parse(message);
        signedNames = DkimSigner.signedFieldNames(parts);
        byte[] field = new DkimSigner().signatureField(message, BenchKeys.ed25519("example.org", "bench"),
                Instant.parse("2026-03-01T12:00:00Z"));
        template = SignedData.withoutSignatureValue(MessageParts.parse(field).fields().get(0));
    }

    /** Finds every header field and where the body starts. */
    @Benchmark
    public MessageParts parse() {
        return MessageParts.parse(message);
    }

    /** The h= list: counts each recommended field, oversigning the identity-bearing ones. */
    @Benchmark
    public List<String> signedFieldNames() {
        return DkimSigner.signedFieldNames(parts);
    }

    /** The bytes the signature covers: the selected fields and the template, relaxed (Caravan's default). */
    @Benchmark
    public byte[] headerDataRelaxed() {
        return SignedData.headers(parts, signedNames, Canonicalization.RELAXED, template);
    }

    @Benchmark
    public byte[] headerDataSimple() {
        return SignedData.headers(parts, signedNames, Canonicalization.SIMPLE, template);
    }
}
