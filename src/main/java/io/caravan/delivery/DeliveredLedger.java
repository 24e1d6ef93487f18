// Remembers, outside the broker's transaction, which recipients of a queued copy a next hop already accepted.
package io.caravan.delivery;

import io.caravan.config.CaravanConfig;
import io.caravan.mail.MailAddress;
import io.caravan.mail.SmtpReply;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Closes most of the gap between a next hop's 250 and the commit of the delivery transaction. A
 * copy is taken off caravan.delivery in a JMS transaction that commits only after the whole attempt
 * (the follow-up copies, the tracking events, the broker's synced journal write); a crash in that
 * gap redelivers the copy and the next hop would get the message twice. So the moment a next hop
 * accepts recipients, {@link SmtpDelivery#settle} writes one line per recipient here (copy, recipient,
 * host, reply), and {@link DeliveryStart#begin} settles the recipients of a copy found here as
 * delivered instead of sending to them again.
 *
 * <p>The file is {@code data-dir/delivery/delivered.log}, appended with one write per attempt and no
 * sync: it survives the process being killed (the kernel keeps the written pages), not the machine
 * losing power, where a duplicate stays possible as before. A copy is named by its JMS message id,
 * which a redelivery keeps and every retry copy changes. Only copies in flight at a crash can be
 * redelivered, so only the last {@value #REMEMBERED} recipients are remembered; the file is rewritten
 * with those whenever it holds twice as many.
 */
@Singleton
public class DeliveredLedger {

    static final int REMEMBERED = 10_000;
    private static final Logger LOG = Logger.getLogger(DeliveredLedger.class);

    /** A recipient accepted by a next hop, as written to the file. */
    private record Entry(String host, boolean dsnPassedOn, String reply) {
    }

    private final Path file;
    private final Map<String, Entry> recent = new LinkedHashMap<>(REMEMBERED * 2, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > REMEMBERED;
        }
    };
    private FileChannel out;
    private int linesInFile;

    @Inject
    public DeliveredLedger(CaravanConfig config) {
        this(Path.of(config.dataDir(), "delivery", "delivered.log"));
    }

    /** A ledger in the given file (tests, and the data directory's one above). */
    public DeliveredLedger(Path file) {
        this.file = file;
        try {
            Files.createDirectories(file.getParent());
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    String[] f = line.split("\t", -1);
                    if (f.length == 5) { // a line cut short by a kill mid-write has fewer fields
                        recent.put(key(f[0], f[1]), new Entry(f[2], "1".equals(f[3]), f[4]));
                    }
                }
            }
            rewrite();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use " + file, e);
        }
    }

    /**
     * Notes the recipients of the copy that the next hop accepted; call as soon as its reply is read.
     * Never fails the delivery: a file that cannot be written is logged.
     */
    public synchronized void delivered(String copy, List<RecipientOutcome> outcomes) {
        if (copy == null) {
            return;
        }
        String c = clean(copy);
        StringBuilder lines = new StringBuilder();
        for (RecipientOutcome o : outcomes) {
            if (o.status() != RecipientOutcome.Status.DELIVERED) {
                continue;
            }
            Entry e = new Entry(clean(o.host()), o.dsnPassedOn(), clean(o.reply().toString()));
            String rcpt = clean(o.recipient().address());
            recent.put(key(c, rcpt), e);
            lines.append(c).append('\t').append(rcpt).append('\t').append(e.host()).append('\t')
                    .append(e.dsnPassedOn() ? '1' : '0').append('\t').append(e.reply()).append('\n');
            linesInFile++;
        }
        if (lines.isEmpty()) {
            return;
        }
        try {
            ByteBuffer buffer = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            if (linesInFile > 2 * REMEMBERED) {
                rewrite();
            }
        } catch (IOException e) {
            // the next hop has the message whatever happens here: only a crash before the commit would send it again
            LOG.warnf("Cannot note delivered recipients in %s (%s); a crash before the delivery commits would send them again",
                    file, e.getMessage());
        }
    }

    /** The recipients of the copy a next hop already accepted (before a crash), as the outcomes it gave. */
    public synchronized List<RecipientOutcome> recall(String copy, List<MailAddress> rcpts) {
        List<RecipientOutcome> done = new ArrayList<>();
        if (copy == null || recent.isEmpty()) {
            return done;
        }
        for (MailAddress r : rcpts) {
            Entry e = recent.get(key(clean(copy), clean(r.address())));
            if (e != null) {
                RecipientOutcome o = RecipientOutcome.remote(r, reply(e.reply()), e.host());
                done.add(e.dsnPassedOn() ? o.withDsnPassedOn() : o);
            }
        }
        return done;
    }

    private static SmtpReply reply(String text) {
        try {
            SmtpReply parsed = SmtpReply.parse(text);
            if (parsed.isPositive()) {
                return parsed;
            }
        } catch (IllegalArgumentException e) {
            // not a reply line: the generic one below
        }
        return SmtpReply.of(250, "2.0.0", "Accepted before a restart");
    }

    /** Writes the remembered entries to a fresh file and appends to that from now on. */
    private void rewrite() throws IOException {
        Path fresh = file.resolveSibling(file.getFileName() + ".new");
        StringBuilder all = new StringBuilder();
        recent.forEach((k, e) -> all.append(k).append('\t').append(e.host()).append('\t')
                .append(e.dsnPassedOn() ? '1' : '0').append('\t').append(e.reply()).append('\n'));
        Files.writeString(fresh, all, StandardCharsets.UTF_8);
        Files.move(fresh, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        if (out != null) {
            out.close();
        }
        out = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        linesInFile = recent.size();
    }

    private static String key(String copy, String rcpt) {
        return copy + '\t' + rcpt;
    }

    /** One field of a line: no tab or line break. */
    private static String clean(String s) {
        return s == null ? "" : s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }
}
