// Walks a message's MIME structure as it streams past (Apache James mime4j) and checks every part: name, declared type, true type, archives.
package io.caravan.filter.attachment;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.dom.field.ContentTypeField;
import org.apache.james.mime4j.field.LenientFieldParser;
import org.apache.james.mime4j.io.MaxLineLimitException;
import org.apache.james.mime4j.MimeIOException;
import org.apache.james.mime4j.message.DefaultBodyDescriptorBuilder;
import org.apache.james.mime4j.message.MaximalBodyDescriptor;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.tika.mime.MediaType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One pass over the message, never more of it in the heap than a part's first bytes. Every leaf part
 * is checked, named or not: its file name (Content-Disposition filename or Content-Type name, RFC 2231
 * and encoded words decoded), its declared type, and its true type from its decoded first bytes;
 * zip archives are opened by {@link ArchiveInspector}.
 *
 * <p>Broken MIME gets a clear answer, never an exception: what mime4j tolerates (a multipart whose
 * closing boundary never comes, a body part that ends inside its header) is inspected as mime4j reads
 * it, the way mail clients read it, and noted; what cannot be inspected (a multipart without a
 * boundary, parts nested deeper than max-mime-depth, a header beyond mime4j's limits) makes the whole
 * message {@link Report#uninspectable() uninspectable}.
 */
final class AttachmentScanner {

    /** Longest header line and field mime4j reads; longer is malformed (a header section is at most 1 MiB in the heap anyway). */
    private static final int MAX_HEADER_LENGTH = 128 * 1024;
    private static final MimeConfig CONFIG = MimeConfig.custom()
            .setMaxLineLen(MAX_HEADER_LENGTH).setMaxHeaderLen(MAX_HEADER_LENGTH).setMaxHeaderCount(10_000)
            .setMaxContentLen(-1).setStrictParsing(false).build();
    private static final int MAX_NOTES = 5;

    private final AttachmentPolicy policy;
    private final ArchiveInspector archives;

    AttachmentScanner(AttachmentPolicy policy) {
        this.policy = policy;
        this.archives = new ArchiveInspector(policy);
    }

    /**
     * What the scan found.
     *
     * @param blocked       every blocked part (one entry per part, in message order)
     * @param uninspectable why the message as a whole cannot be inspected, if so
     * @param tolerated     MIME defects read past, for the record
     * @param parts         leaf parts inspected
     */
    record Report(List<Blocked> blocked, Optional<String> uninspectable, List<String> tolerated, int parts) {
    }

    /** A multipart or an attached message the walk is inside. */
    private static final class Frame {
        final String boundary; // null for an attached message
        final boolean opaque;   // an attached message in base64 or quoted-printable: its parts have no raw address
        int parts;

        Frame(String boundary, boolean opaque) {
            this.boundary = boundary;
            this.opaque = opaque;
        }
    }

    /** Collects what mime4j reads past instead of throwing (lenient parsing). */
    private static final class Notes extends DecodeMonitor {
        final Set<String> seen = new LinkedHashSet<>();

        @Override
        public boolean warn(String error, String dropped) {
            if (seen.size() < MAX_NOTES) {
                seen.add(error.replaceFirst("^Line \\d+: ", ""));
            }
            return false;
        }

        @Override
        public boolean isListening() {
            return true;
        }
    }

    Report scan(InputStream message) throws IOException {
        Notes notes = new Notes();
        MimeTokenStream tokens = new MimeTokenStream(CONFIG, notes,
                new DefaultBodyDescriptorBuilder(null, LenientFieldParser.getParser(), notes));
        List<Blocked> blocked = new ArrayList<>();
        Deque<Frame> open = new ArrayDeque<>();
        String transferEncoding = null;
        int parts = 0;
        try {
            tokens.parse(message);
            boolean topLevel = true;
            for (EntityState state = tokens.getState(); state != EntityState.T_END_OF_STREAM; state = tokens.next()) {
                switch (state) {
                    case T_START_MESSAGE -> {
                        if (!topLevel) {
                            open.push(new Frame(null, isEncoded(transferEncoding)));
                        }
                        topLevel = false;
                    }
                    case T_END_MESSAGE -> open.poll();
                    case T_START_HEADER -> transferEncoding = null;
                    case T_FIELD -> {
                        Field field = tokens.getField();
                        if (field.getName().equalsIgnoreCase("Content-Transfer-Encoding")) {
                            transferEncoding = field.getBody();
                        } else if (field.getName().equalsIgnoreCase("Content-Type") && multipartWithoutBoundary(field, notes)) {
                            return uninspectable("a multipart part has no boundary parameter", notes, parts);
                        }
                    }
                    case T_START_MULTIPART -> open.push(new Frame(tokens.getBodyDescriptor().getBoundary(), false));
                    case T_END_MULTIPART -> open.poll();
                    case T_START_BODYPART -> {
                        if (open.peek() != null) {
                            open.peek().parts++;
                        }
                    }
                    case T_BODY -> {
                        parts++;
                        inspectLeaf(tokens, path(open)).ifPresent(blocked::add);
                    }
                    default -> {
                        // preamble, epilogue, header end: nothing to inspect
                    }
                }
                if (open.size() > policy.maxMimeDepth()) {
                    return uninspectable("MIME parts nested more than " + policy.maxMimeDepth() + " deep", notes, parts);
                }
            }
        } catch (MimeException | MimeIOException | MaxLineLimitException e) {
            return uninspectable("malformed MIME: " + e.getMessage().replaceFirst("^Line \\d+: ", ""), notes, parts);
        }
        return new Report(List.copyOf(blocked), Optional.empty(), List.copyOf(notes.seen), parts);
    }

    private static Report uninspectable(String why, Notes notes, int parts) {
        return new Report(List.of(), Optional.of(why), List.copyOf(notes.seen), parts);
    }

    private static boolean isEncoded(String transferEncoding) {
        if (transferEncoding == null) {
            return false;
        }
        String cte = transferEncoding.strip().toLowerCase(Locale.ROOT);
        return cte.equals("base64") || cte.equals("quoted-printable");
    }

    private static boolean multipartWithoutBoundary(Field field, DecodeMonitor monitor) {
        if (!(LenientFieldParser.getParser().parse(field, monitor) instanceof ContentTypeField type)) {
            return false;
        }
        return "multipart".equalsIgnoreCase(type.getMediaType()) && (type.getBoundary() == null || type.getBoundary().isEmpty());
    }

    /** The raw address of the innermost part: the steps of the enclosing multiparts, up to the first opaque attached message. */
    private static PartPath path(Deque<Frame> open) {
        List<PartPath.Step> steps = new ArrayList<>();
        var outermostFirst = open.descendingIterator();
        while (outermostFirst.hasNext()) {
            Frame f = outermostFirst.next();
            if (f.opaque) {
                break;
            }
            if (f.boundary != null) {
                steps.add(new PartPath.Step(f.boundary, f.parts));
            }
        }
        return new PartPath(steps);
    }

    private Optional<Blocked> inspectLeaf(MimeTokenStream tokens, PartPath where) throws IOException {
        MaximalBodyDescriptor body = (MaximalBodyDescriptor) tokens.getBodyDescriptor();
        MediaType declared = TrueType.normalize(body.getMimeType());
        String fileName = fileName(body);
        String name = fileName != null ? fileName : "unnamed " + declared + " part";
        InputStream content = tokens.getDecodedInputStream();
        byte[] prefix = TrueType.readPrefix(content);
        MediaType type = TrueType.of(prefix, prefix.length);
        Optional<String> extension = policy.blockedExtension(fileName);
        if (extension.isPresent()) {
            return Optional.of(new Blocked(name, type, "file name extension ." + extension.get(), where));
        }
        Optional<MediaType> declaredFamily = policy.blockedType(declared);
        if (declaredFamily.isPresent()) {
            return Optional.of(new Blocked(name, type, "declared as " + declared, where));
        }
        Optional<MediaType> family = policy.blockedType(type);
        if (family.isPresent()) {
            return Optional.of(new Blocked(name, type, "content is " + family.get()
                    + (declared.equals(MediaType.OCTET_STREAM) ? "" : ", declared as " + declared), where));
        }
        if (TrueType.isZip(type)) {
            return archives.inspect(name, type, new SequenceInputStream(new ByteArrayInputStream(prefix), content),
                    new ArchiveInspector.Budget(), 1, where);
        }
        return Optional.empty();
    }

    /** The file name the recipient's client would show: Content-Disposition's filename, else Content-Type's name. */
    private static String fileName(MaximalBodyDescriptor body) {
        String name = body.getContentDispositionFilename();
        if (name == null || name.isBlank()) {
            name = body.getContentTypeParameters().get("name");
        }
        if (name == null || name.isBlank()) {
            return null;
        }
        return name.contains("=?") ? DecoderUtil.decodeEncodedWords(name, DecodeMonitor.SILENT) : name;
    }
}
