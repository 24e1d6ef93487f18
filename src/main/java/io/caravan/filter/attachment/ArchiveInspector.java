// Looks inside a zip attachment as it streams past: every entry's name and true type, archives within archives, within limits.
package io.caravan.filter.attachment;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.tika.mime.MediaType;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Optional;

/**
 * A zip is read as a stream (commons-compress), entry after entry, never unpacked to disk or to the
 * heap: each entry's first bytes go to {@link TrueType}, the rest is counted and dropped, or opened in
 * turn when it is an archive itself. What one attachment may cost is bounded by the policy: entries
 * counted across all its archives, bytes unpacked, and how deep archives nest. Going past a limit is a
 * reason to block the attachment (a zip bomb is refused, not expanded), as is an archive that cannot be
 * read. Encrypted entries cannot be looked into by anyone: their names are still checked.
 */
final class ArchiveInspector {

    private final AttachmentPolicy policy;

    ArchiveInspector(AttachmentPolicy policy) {
        this.policy = policy;
    }

    /** What one attachment's archives may still cost. */
    static final class Budget {
        int entries;
        long expanded;
    }

    /** Unpacking went past zip.max-expanded-size. */
    private static final class TooLarge extends IOException {
        TooLarge() {
            super(null, null);
        }
    }

    /**
     * @param name    the archive's name (or path through enclosing archives)
     * @param type    its detected type
     * @param content the archive's bytes, from the first
     * @param depth   1 for an attachment, 2 for an archive inside it, ...
     * @return the first entry (or limit) that blocks the attachment
     */
    Optional<Blocked> inspect(String name, MediaType type, InputStream content, Budget budget, int depth, PartPath where) {
        if (depth > policy.zipMaxDepth()) {
            return Optional.of(new Blocked(name, type, "archives nested more than " + policy.zipMaxDepth() + " deep", where));
        }
        try {
            return entries(name, content, budget, depth, where);
        } catch (TooLarge e) {
            return Optional.of(new Blocked(name, type, "archive expands to more than " + policy.zipMaxExpanded()
                    + " bytes (zip.max-expanded-size): not unpacked further", where));
        } catch (IOException | RuntimeException e) {
            // commons-compress throws unchecked exceptions for some crafted archives, too
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return Optional.of(new Blocked(name, type, "archive cannot be read: " + why, where));
        }
    }

    private Optional<Blocked> entries(String archive, InputStream content, Budget budget, int depth, PartPath where) throws IOException {
        ZipArchiveInputStream zip = new ZipArchiveInputStream(content, "UTF-8", true, true);
        ZipArchiveEntry entry;
        while ((entry = zip.getNextEntry()) != null) {
            if (++budget.entries > policy.zipMaxEntries()) {
                return Optional.of(new Blocked(archive, MediaType.application("zip"),
                        "archive has more than " + policy.zipMaxEntries() + " entries (zip.max-entries)", where));
            }
            if (entry.isDirectory()) {
                continue;
            }
            String name = archive + "/" + entry.getName();
            Optional<String> extension = policy.blockedExtension(entry.getName());
            if (!zip.canReadEntryData(entry)) { // encrypted, or a compression method nobody here reads
                if (extension.isPresent()) {
                    return Optional.of(new Blocked(name, MediaType.OCTET_STREAM, "file name extension ." + extension.get(), where));
                }
                continue;
            }
            InputStream data = new Counted(zip, budget, policy.zipMaxExpanded());
            byte[] prefix = TrueType.readPrefix(data);
            MediaType type = TrueType.of(prefix, prefix.length);
            if (extension.isPresent()) {
                return Optional.of(new Blocked(name, type, "file name extension ." + extension.get(), where));
            }
            Optional<MediaType> family = policy.blockedType(type);
            if (family.isPresent()) {
                return Optional.of(new Blocked(name, type, "content is " + family.get(), where));
            }
            if (TrueType.isZip(type)) {
                Optional<Blocked> inner = inspect(name, type, new SequenceInputStream(new ByteArrayInputStream(prefix), data), budget, depth + 1, where);
                if (inner.isPresent()) {
                    return inner;
                }
            }
            data.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return Optional.empty();
    }

    /** Counts what is unpacked into the budget, and stops at the limit. */
    private static final class Counted extends FilterInputStream {
        private final Budget budget;
        private final long limit;

        Counted(InputStream in, Budget budget, long limit) {
            super(in);
            this.budget = budget;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
            int n = super.read(buffer, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        @Override
        public void close() {
            // the zip stream goes on to its next entry: never close it from here
        }

        private void count(int n) throws IOException {
            budget.expanded += n;
            if (budget.expanded > limit) {
                throw new TooLarge();
            }
        }
    }
}
