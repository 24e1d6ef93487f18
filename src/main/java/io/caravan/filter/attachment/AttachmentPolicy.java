// What the attachment filter blocks and how far it looks, from its settings: names, types, and the limits.
package io.caravan.filter.attachment;

import org.apache.tika.mime.MediaType;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Built once from {@link AttachmentSettings}; the scanner asks it about every name and type it meets.
 *
 * @param extensions      blocked extensions, lower case, without the dot
 * @param contentTypes    blocked types (and their kinds)
 * @param maxMimeDepth    deepest nesting of multiparts and attached messages inspected
 * @param zipMaxDepth     deepest nesting of archives opened
 * @param zipMaxEntries   most archive entries counted per attachment
 * @param zipMaxExpanded  most bytes unpacked per attachment
 */
record AttachmentPolicy(Set<String> extensions, List<MediaType> contentTypes, int maxMimeDepth, int zipMaxDepth,
        int zipMaxEntries, long zipMaxExpanded) {

    /** The highest max-mime-depth: mime4j itself stops at 64 nested entities. */
    static final int MAX_MIME_DEPTH = 50;

    static AttachmentPolicy of(AttachmentSettings settings) {
        Set<String> extensions = new TreeSet<>();
        for (String e : settings.blockedExtensions()) {
            String ext = e.strip().toLowerCase(Locale.ROOT);
            extensions.add(ext.startsWith(".") ? ext.substring(1) : ext);
        }
        extensions.remove("");
        List<MediaType> types = new ArrayList<>();
        for (String t : settings.blockedContentTypes()) {
            if (!t.isBlank()) {
                types.add(TrueType.normalize(t));
            }
        }
        return new AttachmentPolicy(Set.copyOf(extensions), List.copyOf(types), settings.maxMimeDepth(), settings.zip().maxDepth(),
                settings.zip().maxEntries(), settings.zip().maxExpandedSize().asLongValue());
    }

    /** Problems with the settings, each naming its key. */
    List<String> errors() {
        List<String> errors = new ArrayList<>();
        String key = "caravan.checks.attachment-filter.";
        for (MediaType t : contentTypes) {
            if (t.equals(MediaType.OCTET_STREAM)) {
                errors.add(key + "blocked-content-types: application/octet-stream (or a value that is not a media type) would block every unknown file");
            }
        }
        if (maxMimeDepth < 1 || maxMimeDepth > MAX_MIME_DEPTH) {
            errors.add(key + "max-mime-depth: must be 1 to " + MAX_MIME_DEPTH + " (mime4j reads no deeper than 64 entities), not " + maxMimeDepth);
        }
        if (zipMaxDepth < 0) {
            errors.add(key + "zip.max-depth: must be 0 (every archive refused) or more, not " + zipMaxDepth);
        }
        if (zipMaxEntries < 1) {
            errors.add(key + "zip.max-entries: must be at least 1, not " + zipMaxEntries);
        }
        if (zipMaxExpanded < 1) {
            errors.add(key + "zip.max-expanded-size: must be at least 1 byte, not " + zipMaxExpanded);
        }
        return errors;
    }

    /**
     * The blocked extension of a file name, if it has one: the last one, after trailing dots and
     * spaces (which Windows ignores: "evil.exe." runs as "evil.exe") and any path are dropped.
     */
    Optional<String> blockedExtension(String fileName) {
        if (fileName == null) {
            return Optional.empty();
        }
        String name = fileName.strip();
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        name = name.substring(slash + 1).replaceAll("[.\\s]+$", "");
        int dot = name.lastIndexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        String ext = name.substring(dot + 1).strip().toLowerCase(Locale.ROOT);
        return extensions.contains(ext) ? Optional.of(ext) : Optional.empty();
    }

    /** The blocked family this type belongs to, if any. */
    Optional<MediaType> blockedType(MediaType type) {
        for (MediaType blocked : contentTypes) {
            if (TrueType.isA(type, blocked)) {
                return Optional.of(blocked);
            }
        }
        return Optional.empty();
    }
}
