// One thing the attachment filter found and blocks: which attachment, what it truly is, and why.
package io.caravan.filter.attachment;

import org.apache.tika.mime.MediaType;

/**
 * @param name     the attachment's file name as the sender gave it, or a description of an unnamed part;
 *                 inside archives, the path through them ("invoices.zip/inner.zip/setup.exe")
 * @param trueType its type from its first bytes (an archive's type when the archive itself is refused)
 * @param why      one line for people, e.g. "file name extension .exe"
 * @param where    the MIME part to replace when stripping
 */
record Blocked(String name, MediaType trueType, String why, PartPath where) {

    /** "invoice.pdf (application/x-msdownload)": how replies, header fields and the stripped part name it. */
    String label() {
        return Printable.of(name) + " (" + trueType + ")";
    }
}
