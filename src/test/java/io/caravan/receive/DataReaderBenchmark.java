// JMH: DATA parsing (dot-unstuffing, CRLF.CRLF end) of a 5 KB and a 100 KB message fed in 4 KB socket chunks.
package io.caravan.receive;

import io.caravan.mail.RawMessage;
import io.caravan.queue.MessageSpool;
import java.nio.file.Path;
import io.caravan.bench.SampleMessages;
import io.caravan.mail.MailAddress;
import java.net.InetAddress;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
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
 * Lives in io.caravan.receive because {@link DataReader} is package-private. One operation is one
 * whole message: a fresh reader (as SmtpSession.startData makes), the wire bytes fed 4 KB at a time
 * until the final dot, then {@link DataReader#message()} as SmtpSession hands it on. MB/s is
 * {@code size / (us/op)}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DataReaderBenchmark {

    /** The samples stay under the spool threshold. */
    private static final MessageSpool SPOOL = new MessageSpool(Path.of("target", "never-used-spool"));

    /** What a socket read typically delivers. */
    private static final int CHUNK = 4096;
    private static final long MAX_SIZE = 36_700_160; // the connector default

    @Param({"5120", "102400"})
    public int size;

    private byte[] wire;
    private byte[] received;

    @Setup
    public void setUp() throws Exception {
        byte[] message = SampleMessages.message(size);
        wire = SampleMessages.dotStuffed(message);
        received = ReceivedField.build("client.example.org", InetAddress.getByName("192.0.2.10"), "mx.caravan.test",
                "ESMTPS", "4Q7cYz2kLmN8", List.of(MailAddress.parse("bob@example.com")), ZonedDateTime.now());
        DataReader check = readAll();
        byte[] read = check.message().head();
        if (check.rejection() != null || !Arrays.equals(read, received.length, read.length, message, 0, message.length)) {
            throw new IllegalStateException("the sample message did not read back unchanged: " + check.rejection());
        }
    }

    @Benchmark
    public RawMessage read() {
        return readAll().message();
    }

    private DataReader readAll() {
        DataReader reader = new DataReader(received, MAX_SIZE, SPOOL);
        int from = 0;
        while (from < wire.length && !reader.finished()) {
            from += reader.feed(wire, from, Math.min(from + CHUNK, wire.length));
        }
        if (!reader.finished()) {
            throw new IllegalStateException("no end of data");
        }
        return reader;
    }
}
