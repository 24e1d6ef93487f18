// Deliver stage for a maildir send connector: writes each recipient's copy into a local Maildir.
package io.caravan.delivery;

import io.caravan.mail.Envelope;
import io.caravan.mail.MailAddress;
import io.caravan.mail.RawMessage;
import io.caravan.mail.SmtpReply;
import io.caravan.routing.SendConnector;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.camel.Exchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Like Postfix's virtual delivery: {@code <maildir>/<domain>/<local-part>/new/<unique>}, written to
 * tmp/, forced to disk, then renamed into new/ (the Maildir protocol, so a reader never sees half a
 * message). Return-Path and Delivered-To are prepended; the queued bytes follow unchanged. Adds an
 * outcome per recipient to the exchange's {@link DeliveryAttempt}; {@link FollowUps} turns them
 * into tracking events and copies. Used in routes/50-delivery.yaml:
 * <pre>
 * - bean: { ref: maildirDelivery, method: deliver }
 * </pre>
 */
@Singleton
@Named("maildirDelivery")
public class MaildirDelivery {

    private static final AtomicLong SEQUENCE = new AtomicLong();

    public void deliver(Exchange exchange) {
        DeliveryAttempt attempt = DeliveryAttempt.of(exchange);
        Envelope envelope = attempt.envelope();
        SendConnector connector = attempt.connector();
        if (connector.kind() != SendConnector.Kind.MAILDIR) {
            throw new IllegalStateException("Queue id " + envelope.queueId() + ": send connector '" + connector.name()
                    + "' is not a maildir connector");
        }
        RawMessage raw = attempt.raw();
        List<RecipientOutcome> outcomes = new ArrayList<>();
        for (MailAddress rcpt : envelope.recipients()) {
            String where = "maildir " + connector.maildir();
            try {
                Path file = write(connector.maildir(), envelope, rcpt, raw);
                outcomes.add(RecipientOutcome.of(rcpt, SmtpReply.of(250, "2.0.0", "Delivered to " + file), where));
            } catch (IOException | RuntimeException e) {
                outcomes.add(RecipientOutcome.of(rcpt, SmtpReply.of(451, "4.3.0", "Local delivery failed: " + e), where));
            }
        }
        attempt.record(outcomes);
    }

    /**
     * The recipient's Maildir under a maildir connector's root: {@code <root>/<domain>/<local-part>}, lower case,
     * each a safe path segment. Also where the recipient filter looks for existing mailboxes.
     */
    public static Path mailbox(Path root, MailAddress rcpt) {
        return root.resolve(safe(rcpt.domainKey())).resolve(safe(rcpt.localPart().toLowerCase(Locale.ROOT)));
    }

    static Path write(Path root, Envelope envelope, MailAddress rcpt, RawMessage raw) throws IOException {
        Path box = mailbox(root, rcpt);
        Path tmp = Files.createDirectories(box.resolve("tmp"));
        Path fresh = Files.createDirectories(box.resolve("new"));
        Files.createDirectories(box.resolve("cur"));
        String unique = System.currentTimeMillis() + "." + envelope.queueId() + "_" + SEQUENCE.incrementAndGet() + ".caravan";
        byte[] trace = ("Return-Path: <" + envelope.mailFrom().address() + ">\r\nDelivered-To: " + rcpt.address() + "\r\n")
                .getBytes(StandardCharsets.UTF_8);
        Path partial = tmp.resolve(unique);
        try (FileChannel ch = FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            OutputStream out = Channels.newOutputStream(ch); // writes each buffer whole, unlike a bare channel write
            out.write(trace);
            raw.writeTo(out);
            ch.force(true);
        }
        return Files.move(partial, fresh.resolve(unique), StandardCopyOption.ATOMIC_MOVE);
    }

    /** A path segment that cannot climb out of the store or hide: no separators, no leading dot. */
    static String safe(String segment) {
        String s = segment.replaceAll("[^A-Za-z0-9!#$%&'*+=?^_`{|}~.-]", "_");
        return s.startsWith(".") ? "_" + s.substring(1) : s;
    }
}
