// The raw RFC 5322 bytes of one message: all in the heap when small, else the header section in the heap and the rest in a spool file.
package io.caravan.mail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;

/**
 * What every stage passes on: the message body of the routes. Bytes are sacred (DESIGN invariant 3),
 * so a stage only ever replaces the head with one that has fields prepended (or a forged
 * Authentication-Results field removed); the stored bytes after the head are never touched.
 *
 * <p>A message of {@link #SPOOL_THRESHOLD} bytes or more is never held whole in the heap: it lives in
 * a spool file, and only its {@link #head()} (the header section) is read into memory, so a 50 MB
 * message costs the heap what its header costs. Copies share the file; whoever spooled it deletes
 * it ({@link #release()}) once the message is safely on the queue or the exchange is done.
 */
public final class RawMessage {

    /** From this size on, a message is spooled to a file; the same size Artemis sends as a large message. */
    public static final int SPOOL_THRESHOLD = 1024 * 1024;
    /** The most of a spooled message's header section read into the heap; the rest is treated as body. */
    static final int HEAD_LIMIT = SPOOL_THRESHOLD;
    private static final int CHUNK = 64 * 1024;

    private final byte[] head;
    private final Path file;
    private final long fileOffset;
    private final long fileLength;

    private RawMessage(byte[] head, Path file, long fileOffset, long fileLength) {
        this.head = head;
        this.file = file;
        this.fileOffset = fileOffset;
        this.fileLength = fileLength;
    }

    /** A message held in the heap; the array is taken as it is, not copied. */
    public static RawMessage of(byte[] bytes) {
        return new RawMessage(bytes, null, 0, 0);
    }

    /** A message spooled to {@code file}: its header section is read into the heap, the rest stays on disk. */
    public static RawMessage spooled(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long length = channel.size();
            byte[] start = new byte[(int) Math.min(length, HEAD_LIMIT)];
            int read = 0;
            try (InputStream in = Channels.newInputStream(channel)) {
                read = in.readNBytes(start, 0, start.length);
            }
            int headLength = read == length ? read : headerSectionLength(start, read);
            return new RawMessage(Arrays.copyOf(start, headLength), file, headLength, length - headLength);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read spooled message " + file, e);
        }
    }

    /**
     * Up to and including the empty line that ends the header section; when none is found in the
     * bytes read, up to the end of their last complete line (so no line is cut in two).
     */
    static int headerSectionLength(byte[] bytes, int length) {
        int lastLineEnd = 0;
        for (int i = 0; i < length; i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            int lineStart = lastLineEnd;
            lastLineEnd = i + 1;
            int lineLength = i + 1 - lineStart;
            if (lineLength == 1 || (lineLength == 2 && bytes[lineStart] == '\r')) {
                return lastLineEnd;
            }
        }
        return lastLineEnd;
    }

    /** The whole message when it is in the heap; else its header section (up to {@link #HEAD_LIMIT} bytes). */
    public byte[] head() {
        return head;
    }

    /** True when the bytes after {@link #head()} are in a spool file rather than in the heap. */
    public boolean isSpooled() {
        return file != null;
    }

    /** The file holding the bytes after the head, if spooled (for diagnostics and tests). */
    public Optional<Path> spoolFile() {
        return Optional.ofNullable(file);
    }

    public long size() {
        return head.length + fileLength;
    }

    /** The same message with {@code fields} (complete header fields, CRLF-terminated) put in front. */
    public RawMessage prepend(byte[] fields) {
        int n = fields.length;
        if (n == 0) {
            return this;
        }
        if (n < 2 || fields[n - 2] != '\r' || fields[n - 1] != '\n') {
            throw new IllegalArgumentException("header fields to prepend must end with CRLF");
        }
        byte[] joined = new byte[fields.length + head.length];
        System.arraycopy(fields, 0, joined, 0, fields.length);
        System.arraycopy(head, 0, joined, fields.length, head.length);
        return withHead(joined);
    }

    /** The same stored bytes behind a new head; for stages that change the header section only. */
    public RawMessage withHead(byte[] newHead) {
        return new RawMessage(newHead, file, fileOffset, fileLength);
    }

    /** Writes the whole message. */
    public void writeTo(OutputStream out) throws IOException {
        writeTo(out, 0);
    }

    /** Writes the message from {@code headOffset} (an offset into {@link #head()}) to its end. */
    public void writeTo(OutputStream out, int headOffset) throws IOException {
        out.write(head, headOffset, head.length - headOffset);
        if (file == null) {
            return;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.position(fileOffset);
            byte[] buffer = new byte[CHUNK];
            long left = fileLength;
            InputStream in = Channels.newInputStream(channel);
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new IOException("spool file " + file + " is shorter than the message");
                }
                out.write(buffer, 0, n);
                left -= n;
            }
        }
    }

    /** The whole message as a stream; each call opens a stream of its own. */
    public InputStream open() {
        InputStream start = new ByteArrayInputStream(head);
        if (file == null) {
            return start;
        }
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            channel.position(fileOffset);
            return new SequenceInputStream(start, Channels.newInputStream(channel));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read spooled message " + file, e);
        }
    }

    /** Deletes the spool file, if any. Only for whoever spooled the message, once no copy needs it any more. */
    public void release() {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete spool file " + file, e);
            }
        }
    }

    @Override
    public String toString() {
        return "RawMessage[" + size() + " bytes" + (file == null ? "" : ", spooled to " + file) + "]";
    }
}
