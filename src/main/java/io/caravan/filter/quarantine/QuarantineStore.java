// The quarantine: messages an agent held, kept on disk until an administrator releases or deletes them, or they expire.
package io.caravan.filter.quarantine;

import io.caravan.check.Inspection;
import io.caravan.check.Verdict;
import io.caravan.config.CaravanConfig;
import io.caravan.mail.CaravanHeaders;
import io.caravan.mail.Envelope;
import io.caravan.mail.MailAddress;
import io.caravan.mail.MessageParts;
import io.caravan.mail.RawMessage;
import io.caravan.mail.SmtpReply;
import io.caravan.queue.QueueNames;
import io.caravan.tracking.MessageEvents;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * In routes/10-receive.yaml when an agent chose the quarantine ({@code CaravanHold == 'quarantine'}):
 * {@code - process: { ref: quarantineStore }}. Each entry is two files under {@code <data-dir>/quarantine}:
 * {@code <id>.eml}, the message as it would have been queued, and {@code <id>.json}, the envelope and the
 * verdict that held it. Both are written to a temporary name, forced to disk and renamed, the metadata
 * last, so the client's 250 means the entry is durable (invariant 1) and a crash leaves no half entry.
 * A release sends the message to the submission queue, after the filters, with its original envelope.
 */
@Singleton
@Named("quarantineStore")
public class QuarantineStore implements Processor {

    /** Queue ids are [0-9A-Z]; anything else in a path parameter is refused before it touches the disk. */
    private static final Pattern QUEUE_ID = Pattern.compile("[0-9A-Za-z]{1,64}");
    private static final String SUBMISSION = "jms:queue:" + QueueNames.SUBMISSION + "?jmsMessageType=Bytes";

    private final Path dir;
    private final QuarantineConfig config;
    private final MessageEvents events;
    private final CamelContext camel;
    private final Clock clock;
    private ProducerTemplate producer;

    @Inject
    public QuarantineStore(CaravanConfig core, QuarantineConfig config, MessageEvents events, CamelContext camel) {
        this(Path.of(core.dataDir(), "quarantine"), config, events, camel, Clock.systemUTC());
    }

    QuarantineStore(Path dir, QuarantineConfig config, MessageEvents events, CamelContext camel, Clock clock) {
        this.dir = dir;
        this.config = config;
        this.events = events;
        this.camel = camel;
        this.clock = clock;
    }

    /** Holds the exchange's message and answers the client 250 once it is on disk. */
    @Override
    public void process(Exchange exchange) throws IOException {
        Inspection inspection = Inspection.of(exchange);
        Verdict by = inspection.heldBy().orElseThrow(() -> new IllegalStateException("no agent chose the quarantine"));
        Envelope envelope = inspection.envelope();
        RawMessage message = exchange.getIn().getBody(RawMessage.class);
        Instant now = clock.instant();
        QuarantinedMessage entry = new QuarantinedMessage(envelope.queueId(), by.agent(), by.result(), by.reason(),
                by.score().isPresent() ? by.score().getAsDouble() : null, envelope.mailFrom().address(),
                envelope.recipients().stream().map(MailAddress::address).toList(), subject(message), message.size(), now,
                now.plus(config.retention()), caravanHeaders(exchange.getIn().getHeaders()));
        Files.createDirectories(dir);
        writeDurably(eml(entry.queueId()), message::writeTo);
        writeDurably(json(entry.queueId()), out -> out.write(entry.toJson().encode().getBytes(StandardCharsets.UTF_8)));
        forceDirectory();
        events.quarantined(envelope, by.agent(), by.reason());
        exchange.getIn().setHeader(CaravanHeaders.SMTP_REPLY, SmtpReply.of(250, "2.0.0", "Ok: queued as " + entry.queueId()));
    }

    /** Every entry, newest first. */
    public List<QuarantinedMessage> list() {
        List<QuarantinedMessage> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path f : files) {
                read(f).ifPresent(out::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.sort(Comparator.comparing(QuarantinedMessage::heldAt).reversed());
        return out;
    }

    public Optional<QuarantinedMessage> find(String queueId) {
        return valid(queueId) ? read(json(queueId)) : Optional.empty();
    }

    /** The header section of a held message, as received (with the fields the agents prepended). */
    public Optional<String> headers(String queueId) {
        if (find(queueId).isEmpty()) {
            return Optional.empty();
        }
        RawMessage held = RawMessage.spooled(eml(queueId));
        MessageParts parts = MessageParts.parse(held.head());
        return Optional.of(new String(held.head(), 0, Math.min(held.head().length, parts.bodyOffset()), StandardCharsets.UTF_8));
    }

    /**
     * Sends the message to its original recipients: onto the submission queue, after the filters, with
     * its original envelope; the entry is removed once the broker has it.
     * @return false when there is no such entry
     */
    public synchronized boolean release(String queueId, String by) {
        Optional<QuarantinedMessage> entry = find(queueId);
        if (entry.isEmpty()) {
            return false;
        }
        Map<String, Object> headers = new LinkedHashMap<>(entry.get().headers());
        headers.put(CaravanHeaders.DUPLICATE_ID, queueId + "/released");
        RawMessage message = held(queueId);
        Exchange sent = producer().send(SUBMISSION, e -> {
            e.getIn().setBody(message);
            e.getIn().setHeaders(headers);
        });
        if (sent.getException() != null) {
            throw new IllegalStateException("could not queue " + queueId + " for delivery: " + sent.getException().getMessage(),
                    sent.getException());
        }
        removeFiles(queueId);
        events.released(stored(entry.get()), stored(entry.get()).recipients(), by);
        return true;
    }

    /** @return false when there is no such entry */
    public synchronized boolean delete(String queueId, String by) {
        Optional<QuarantinedMessage> entry = find(queueId);
        if (entry.isEmpty()) {
            return false;
        }
        removeFiles(queueId);
        events.quarantineRemoved(stored(entry.get()), "administrator", by);
        return true;
    }

    /** Deletes the entries past their expiry; run periodically by {@link QuarantineExpiry}. */
    public synchronized int purgeExpired() {
        Instant now = clock.instant();
        int n = 0;
        for (QuarantinedMessage m : list()) {
            if (!m.expiresAt().isAfter(now)) {
                removeFiles(m.queueId());
                events.quarantineRemoved(stored(m), "expired", "");
                n++;
            }
        }
        return n;
    }

    /** A small message is read into the heap; a large one stays in its file, which the broker streams (a large message). */
    private RawMessage held(String queueId) {
        Path file = eml(queueId);
        try {
            return Files.size(file) < RawMessage.SPOOL_THRESHOLD ? RawMessage.of(Files.readAllBytes(file)) : RawMessage.spooled(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private synchronized ProducerTemplate producer() {
        if (producer == null) {
            producer = camel.createProducerTemplate();
        }
        return producer;
    }

    private Optional<QuarantinedMessage> read(Path meta) {
        try {
            return Optional.of(QuarantinedMessage.fromJson(new JsonObject(Files.readString(meta))));
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty(); // released or deleted meanwhile
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void removeFiles(String queueId) {
        try {
            Files.deleteIfExists(json(queueId)); // the metadata first: without it there is no entry
            Files.deleteIfExists(eml(queueId));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private void writeDurably(Path target, Content content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            OutputStream out = Channels.newOutputStream(channel);
            content.writeTo(out);
            out.flush();
            channel.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The renames are durable only once the directory itself is on disk. */
    private void forceDirectory() throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    private Path eml(String queueId) {
        return dir.resolve(queueId + ".eml");
    }

    private Path json(String queueId) {
        return dir.resolve(queueId + ".json");
    }

    private static boolean valid(String queueId) {
        return queueId != null && QUEUE_ID.matcher(queueId).matches();
    }

    private static String subject(RawMessage message) {
        return MessageParts.parse(message.head()).fields().stream()
                .filter(f -> f.is("Subject")).findFirst().map(f -> f.unfoldedValue().strip()).orElse("");
    }

    /** The envelope and state headers (Caravan*), JSON-safe values only. */
    /** The envelope kept with the entry: its tracking events carry the sender and Message-ID it had when it was held. */
    private static Envelope stored(QuarantinedMessage m) {
        Map<String, Object> headers = new LinkedHashMap<>(m.headers());
        headers.putIfAbsent(CaravanHeaders.QUEUE_ID, m.queueId());
        return Envelope.readFrom(headers);
    }

    private static Map<String, Object> caravanHeaders(Map<String, Object> all) {
        Map<String, Object> kept = new LinkedHashMap<>();
        all.forEach((name, value) -> {
            if (name.startsWith("Caravan") && !name.equals(CaravanHeaders.SMTP_REPLY)
                    && (value instanceof String || value instanceof Number || value instanceof Boolean)) {
                kept.put(name, value);
            }
        });
        return kept;
    }
}
