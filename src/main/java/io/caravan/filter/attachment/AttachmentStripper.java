// Builds the message as delivered under action strip: each blocked part replaced by a short text part naming what was removed.
package io.caravan.filter.attachment;

import io.caravan.mail.HeaderField;
import io.caravan.mail.MessageParts;
import io.caravan.mail.RawMessage;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The one body change DESIGN.md allows (invariant 3). Every byte outside the replaced parts is copied
 * as received: the header section, the other parts, preamble and epilogue, line endings and all; the
 * parts are found in the raw bytes by {@link PartLocator}, never by re-serialising the message. When
 * the blocked content is the message's own body (no enclosing multipart, or MIME that cannot be
 * inspected at all), that body is what is replaced, and with it the header fields that described it
 * (Content-Type, Content-Transfer-Encoding, Content-Disposition); every other field stays as it was.
 *
 * <p>A spooled message is stripped into a new file beside its spool file (the spool is cleared at
 * start-up, and the receive connector releases the message the route ends with), so a 50 MB message
 * is never in the heap; a small one is stripped in the heap.
 */
final class AttachmentStripper {

    private AttachmentStripper() {
    }

    /** The message with each of these parts replaced (a part within another replaced part goes with it). */
    static RawMessage strip(RawMessage original, List<Blocked> blocked) throws IOException {
        Optional<Blocked> body = blocked.stream().filter(b -> b.where().isWholeBody()).findFirst();
        if (body.isPresent()) {
            return replaceBody(original, body.get().label() + ": " + body.get().why());
        }
        List<Replacement> replacements = new ArrayList<>();
        for (Blocked b : outermost(blocked)) {
            Optional<PartLocator.Range> range;
            try (InputStream in = original.open()) {
                range = PartLocator.locate(in, b.where());
            }
            if (range.isEmpty()) { // mime4j saw a part the raw bytes do not delimit the same way: remove the whole body, never deliver it
                return replaceBody(original, b.label() + ": " + b.why());
            }
            replacements.add(new Replacement(range.get(), b));
        }
        replacements.sort(Comparator.comparingLong(r -> r.range().start()));
        return write(original, out -> {
            try (InputStream in = original.open()) {
                long at = 0;
                for (Replacement r : replacements) {
                    copy(in, out, r.range().start() - at);
                    in.skipNBytes(r.range().end() - r.range().start());
                    out.write(notice(r.blocked()));
                    if (r.range().end() == original.size()) {
                        out.write('\r'); // the part ran to the end (an unterminated multipart): end its last line
                        out.write('\n');
                    }
                    at = r.range().end();
                }
                in.transferTo(out);
            }
        });
    }

    /** The message with its body replaced by the notice: for content that cannot be inspected at all. */
    static RawMessage replaceBody(RawMessage original, String what) throws IOException {
        MessageParts parts = MessageParts.parse(original);
        return write(original, out -> {
            for (HeaderField f : parts.fields()) {
                if (!f.is("Content-Type") && !f.is("Content-Transfer-Encoding") && !f.is("Content-Disposition")) {
                    out.write(f.raw());
                }
            }
            out.write(("Content-Type: text/plain; charset=us-ascii\r\nContent-Transfer-Encoding: 7bit\r\n\r\n"
                    + "Caravan removed this message's content: " + Printable.of(what) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        });
    }

    private record Replacement(PartLocator.Range range, Blocked blocked) {
    }

    /** The blocked parts not inside another blocked part. */
    private static List<Blocked> outermost(List<Blocked> blocked) {
        List<Blocked> kept = new ArrayList<>();
        for (Blocked b : blocked) {
            boolean inside = blocked.stream().anyMatch(o -> o != b && b.where().within(o.where()) && !o.where().equals(b.where()));
            boolean duplicate = kept.stream().anyMatch(k -> k.where().equals(b.where()));
            if (!inside && !duplicate) {
                kept.add(b);
            }
        }
        return kept;
    }

    /**
     * The text part that takes a removed attachment's place: its own header, then one line naming what
     * was removed; the line break after it is the one that preceded the next delimiter.
     */
    static byte[] notice(Blocked b) {
        return ("Content-Type: text/plain; charset=us-ascii\r\nContent-Disposition: inline\r\nContent-Transfer-Encoding: 7bit\r\n\r\n"
                + "Caravan removed the attachment " + b.label() + ": " + Printable.of(b.why()) + ".").getBytes(StandardCharsets.US_ASCII);
    }

    private interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private static RawMessage write(RawMessage original, Body body) throws IOException {
        Optional<Path> spool = original.spoolFile();
        if (spool.isEmpty()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(original.size(), RawMessage.SPOOL_THRESHOLD));
            body.writeTo(out);
            return RawMessage.of(out.toByteArray());
        }
        Path file = Files.createTempFile(spool.get().toAbsolutePath().getParent(), "stripped-", ".eml");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024)) {
                body.writeTo(out);
            }
            return RawMessage.spooled(file);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    private static void copy(InputStream in, OutputStream out, long n) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long left = n;
        while (left > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                throw new IOException("message shorter than the part boundaries found in it");
            }
            out.write(buffer, 0, read);
            left -= read;
        }
    }
}
