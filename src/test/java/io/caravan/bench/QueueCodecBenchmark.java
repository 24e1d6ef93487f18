// JMH: the envelope codec to and from queue headers, and QueueCopy.of, for 1 and 10 recipients.
package io.caravan.bench;

import io.caravan.mail.RawMessage;
import io.caravan.mail.DsnParameters;
import io.caravan.mail.Envelope;
import io.caravan.mail.MailAddress;
import io.caravan.queue.QueueCopy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Message;
import org.apache.camel.impl.DefaultCamelContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Every stage reads the envelope from the headers of the message it consumes (Envelope.readFrom on
 * the Camel headers) and writes one with QueueCopy.of for each copy it sends on. The envelope carries
 * the DSN parameters of the RCPT example (NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;...) for every
 * recipient, and RET and ENVID, so the DSN part of the codec is timed too.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class QueueCodecBenchmark {

    @Param({"1", "10"})
    public int recipients;

    private CamelContext camel;
    private Envelope envelope;
    private byte[] body;
    private Map<String, Object> queuedHeaders;

    @Setup
    public void setUp() {
        camel = new DefaultCamelContext();
        List<MailAddress> rcpts = new ArrayList<>();
        DsnParameters dsn = new DsnParameters("HDRS", "QQ314159", Map.of());
        for (int i = 0; i < recipients; i++) {
            MailAddress rcpt = MailAddress.parse("recipient" + i + "@example.com");
            rcpts.add(rcpt);
            dsn = dsn.with(rcpt, new DsnParameters.RecipientDsn("SUCCESS,FAILURE", "rfc822;" + rcpt.address()));
        }
        envelope = new Envelope("4Q7cYz2kLmN8", MailAddress.parse("alice@example.org"), rcpts, "8BITMIME", "default",
                "192.0.2.10", "client.example.org", 1_772_366_400_000L, 1_772_798_400_000L, 0, dsn);
        body = SampleMessages.message(5120);
        queuedHeaders = copy().getHeaders();
        if (!Envelope.readFrom(queuedHeaders).equals(envelope)) {
            throw new IllegalStateException("the envelope did not survive the codec: " + Envelope.readFrom(queuedHeaders));
        }
    }

    @TearDown
    public void tearDown() {
        camel.stop();
    }

    /** Into a fresh map, as QueueCopy does into a fresh message. */
    @Benchmark
    public Map<String, Object> writeTo() {
        Map<String, Object> headers = new HashMap<>();
        envelope.writeTo(headers);
        return headers;
    }

    /** From the headers of a message QueueCopy built (Camel's case-insensitive header map). */
    @Benchmark
    public Envelope readFrom() {
        return Envelope.readFrom(queuedHeaders);
    }

    /** A new Camel message for one copy: the body shared, the envelope and the routing headers written. */
    @Benchmark
    public Message queueCopy() {
        return copy();
    }

    private Message copy() {
        return QueueCopy.of(camel, RawMessage.of(body), envelope, "internet", "example.com", io.caravan.mail.Disposition.DELIVER);
    }
}
