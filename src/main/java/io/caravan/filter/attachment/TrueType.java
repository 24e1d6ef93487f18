// The type of an attachment from its first bytes (Apache Tika's magic numbers), whatever its name and declared type say.
package io.caravan.filter.attachment;

import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.mime.MimeTypes;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * An executable renamed {@code invoice.pdf} and sent as {@code application/pdf} still starts with
 * "MZ": Tika's detector reads only the content (never the name, which the sender chose), and its type
 * registry knows which types are kinds of others ({@code application/x-dosexec} is an
 * {@code application/x-msdownload}; a .docx is a zip), so a policy can name a family once.
 */
final class TrueType {

    /** How many leading bytes the detector looks at (the farthest magic offset Tika knows). */
    static final int PREFIX = MimeTypes.getDefaultMimeTypes().getMinLength();

    private static final MimeTypes TYPES = MimeTypes.getDefaultMimeTypes();
    private static final MediaTypeRegistry REGISTRY = TYPES.getMediaTypeRegistry();
    private static final MediaType ZIP = MediaType.application("zip");

    private TrueType() {
    }

    /** The type of content starting with these bytes, without parameters, e.g. "application/x-msdownload". */
    static MediaType of(byte[] prefix, int length) {
        try (InputStream in = new ByteArrayInputStream(prefix, 0, length)) {
            return TYPES.detect(in, new Metadata()).getBaseType();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
    }

    /** A declared type as Tika names it ("application/x-javascript" is "text/javascript"); octet-stream when unparsable. */
    static MediaType normalize(String declared) {
        MediaType parsed = declared == null ? null : MediaType.parse(declared.strip());
        return parsed == null ? MediaType.OCTET_STREAM : REGISTRY.normalize(parsed.getBaseType());
    }

    /** True when {@code type} is {@code family} or a kind of it. */
    static boolean isA(MediaType type, MediaType family) {
        return REGISTRY.isInstanceOf(REGISTRY.normalize(type), REGISTRY.normalize(family));
    }

    /** Zip and everything built on it (jar, docx, odt): opened and inspected entry by entry. */
    static boolean isZip(MediaType type) {
        return isA(type, ZIP);
    }

    /** Reads up to {@link #PREFIX} bytes: fewer only at the end of the stream. */
    static byte[] readPrefix(InputStream in) throws IOException {
        return in.readNBytes(PREFIX);
    }
}
