// What the attachment scanner blocks and why: true types, names, declared types, archives and their limits, broken MIME.
package io.caravan.filter.attachment;

import io.caravan.testing.ConfigStub;
import io.quarkus.runtime.configuration.MemorySize;
import org.apache.tika.mime.MediaType;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static io.caravan.filter.attachment.TestMail.*;
import static org.junit.jupiter.api.Assertions.*;

class AttachmentScannerTest {

    static final MediaType EXE = MediaType.application("x-msdownload");
    static final MediaType ZIP = MediaType.application("zip");
    static final byte[] PDF = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

    /** Settings as AttachmentSettings gives them, with the shipped defaults unless overridden. */
    static AttachmentSettings settings(int zipDepth, int zipEntries, long zipExpanded, int mimeDepth) {
        AttachmentSettings.Zip zip = ConfigStub.of(AttachmentSettings.Zip.class, Map.of("maxDepth", zipDepth, "maxEntries", zipEntries,
                "maxExpandedSize", new MemorySize(BigInteger.valueOf(zipExpanded))));
        return ConfigStub.of(AttachmentSettings.class, Map.of(
                "blockedExtensions", List.of(AttachmentSettings.DEFAULT_EXTENSIONS.split(",")),
                "blockedContentTypes", List.of(AttachmentSettings.DEFAULT_CONTENT_TYPES.split(",")),
                "maxMimeDepth", mimeDepth, "zip", zip));
    }

    static AttachmentSettings defaults() {
        return settings(3, 1000, 100L * 1024 * 1024, 20);
    }

    static AttachmentScanner.Report scan(AttachmentSettings settings, byte[] message) throws IOException {
        return new AttachmentScanner(AttachmentPolicy.of(settings)).scan(new ByteArrayInputStream(message));
    }

    static AttachmentScanner.Report scan(byte[] message) throws IOException {
        return scan(defaults(), message);
    }

    static Blocked onlyBlocked(AttachmentScanner.Report report) {
        assertTrue(report.uninspectable().isEmpty(), report.toString());
        assertEquals(1, report.blocked().size(), report.toString());
        return report.blocked().get(0);
    }

    @Test
    void anExecutableRenamedInvoicePdfIsCaughtByItsFirstBytes() throws IOException {
        Blocked b = onlyBlocked(scan(message(text("Please pay."), attachment("invoice.pdf", "application/pdf", pe()))));
        assertEquals("invoice.pdf", b.name());
        assertEquals(EXE, b.trueType());
        assertEquals("content is application/x-msdownload, declared as application/pdf", b.why());
        assertEquals("invoice.pdf (application/x-msdownload)", b.label());
        assertEquals(List.of(new PartPath.Step("outer-b", 2)), b.where().steps());
    }

    @Test
    void aRealPdfNamedPdfPasses() throws IOException {
        AttachmentScanner.Report r = scan(message(text("Please pay."), attachment("invoice.pdf", "application/pdf", PDF)));
        assertEquals(List.of(), r.blocked());
        assertEquals(2, r.parts());
    }

    @Test
    void scriptNamesAreBlockedWhateverTheirContentAndCase() throws IOException {
        for (String name : List.of("run.js", "macro.VBS", "setup.bat", "Invoice.pdf.js", "evil.exe.", "evil.cmd  ", "path\\to\\x.ps1")) {
            Blocked b = onlyBlocked(scan(message(text("hi"), attachment(name, "text/plain", "WScript.Echo(1)".getBytes(StandardCharsets.US_ASCII)))));
            assertEquals(name, b.name());
            assertTrue(b.why().startsWith("file name extension ."), b.why());
            assertEquals(MediaType.TEXT_PLAIN, b.trueType());
        }
    }

    @Test
    void namesInRfc2231AndEncodedWordsAndContentTypeNameAreRead() throws IOException {
        String rfc2231 = "Content-Type: application/octet-stream\r\nContent-Disposition: attachment;\r\n filename*0*=UTF-8''r%C3%A9sum%C3%A9;\r\n"
                + " filename*1=\".vbs\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" + base64("x".getBytes(StandardCharsets.US_ASCII));
        assertEquals("résumé.vbs", onlyBlocked(scan(message(rfc2231))).name());
        String encodedWord = "Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"=?UTF-8?B?"
                + java.util.Base64.getEncoder().encodeToString("Rechnung.js".getBytes(StandardCharsets.UTF_8)) + "?=\"\r\n\r\nx\r\n";
        assertEquals("Rechnung.js", onlyBlocked(scan(message(encodedWord))).name());
        String nameOnly = "Content-Type: application/octet-stream; name=\"tool.scr\"\r\n\r\nx\r\n";
        assertEquals("tool.scr", onlyBlocked(scan(message(nameOnly))).name());
    }

    @Test
    void aBlockedDeclaredContentTypeIsBlockedEvenWithHarmlessContent() throws IOException {
        Blocked b = onlyBlocked(scan(message(text("hi"), "Content-Type: application/x-msdownload\r\n\r\nnot really\r\n")));
        assertEquals("unnamed application/x-msdownload part", b.name());
        assertEquals("declared as application/x-msdownload", b.why());
        Blocked alias = onlyBlocked(scan(message("Content-Type: application/x-javascript\r\n\r\nalert(1)\r\n")));
        assertEquals("declared as text/javascript", alias.why(), "Tika's alias is the same family");
    }

    @Test
    void anExecutableBodyWithoutAnyNameIsCaught() throws IOException {
        byte[] message = (HEADER + "Content-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n" + base64(pe()))
                .getBytes(StandardCharsets.US_ASCII);
        Blocked b = onlyBlocked(scan(message));
        assertEquals(EXE, b.trueType());
        assertTrue(b.where().isWholeBody());
    }

    @Test
    void anExecutableInsideAZipInsideAZipIsFound() throws IOException {
        byte[] inner = zip(entries("readme.txt", "hello", "docs/report.txt", pe()));
        byte[] outer = zip(entries("notes.txt", "hi", "inner.zip", inner));
        Blocked b = onlyBlocked(scan(message(text("see attached"), attachment("archive.zip", "application/zip", outer))));
        assertEquals("archive.zip/inner.zip/docs/report.txt", b.name());
        assertEquals(EXE, b.trueType());
        assertEquals("content is application/x-msdownload", b.why());
        Blocked byName = onlyBlocked(scan(message(attachment("a.zip", "application/zip", zip(entries("b.zip", zip(entries("setup.exe", "x"))))))));
        assertEquals("a.zip/b.zip/setup.exe", byName.name());
        assertEquals("file name extension .exe", byName.why());
    }

    @Test
    void aZipOfHarmlessFilesPasses() throws IOException {
        byte[] zip = zip(entries("a.txt", "hello", "b.pdf", PDF, "c/d.zip", zip(entries("e.txt", "x"))));
        assertEquals(List.of(), scan(message(attachment("docs.zip", "application/zip", zip))).blocked());
    }

    @Test
    void archivesNestedDeeperThanTheLimitAreRefusedNotOpened() throws IOException {
        byte[] level = zip(entries("harmless.txt", "x"));
        for (int i = 0; i < 3; i++) {
            level = zip(entries("level" + i + ".zip", level));
        }
        byte[] message = message(attachment("deep.zip", "application/zip", level)); // deep.zip holds 3 more levels
        Blocked b = onlyBlocked(scan(message));
        assertEquals("deep.zip/level2.zip/level1.zip/level0.zip", b.name());
        assertEquals("archives nested more than 3 deep", b.why());
        assertEquals(List.of(), scan(settings(4, 1000, 1 << 20, 20), message).blocked(), "within a limit of 4 it is opened to the end");
    }

    @Test
    void tooManyEntriesAreRefused() throws IOException {
        Object[] many = new Object[40];
        for (int i = 0; i < 20; i++) {
            many[2 * i] = "file" + i + ".txt";
            many[2 * i + 1] = "x";
        }
        byte[] message = message(attachment("many.zip", "application/zip", zip(entries(many))));
        Blocked b = onlyBlocked(scan(settings(3, 10, 1 << 20, 20), message));
        assertEquals("many.zip", b.name());
        assertEquals("archive has more than 10 entries (zip.max-entries)", b.why());
        assertEquals(List.of(), scan(settings(3, 20, 1 << 20, 20), message).blocked());
    }

    @Test
    void moreThanTheExpandedSizeIsRefused() throws IOException {
        byte[] message = message(attachment("big.zip", "application/zip", zipBomb("big.txt", 2 * 1024 * 1024)));
        Blocked b = onlyBlocked(scan(settings(3, 1000, 1024 * 1024, 20), message));
        assertEquals("archive expands to more than 1048576 bytes (zip.max-expanded-size): not unpacked further", b.why());
        assertEquals(ZIP, b.trueType());
        assertEquals(List.of(), scan(settings(3, 1000, 3 * 1024 * 1024, 20), message).blocked());
    }

    @Test
    void aZipBombIsRefusedUnderTheDefaultLimitWithoutBeingExpanded() throws IOException {
        byte[] bomb = zipBomb("payload.bin", 300L * 1024 * 1024); // 300 MiB of zeros
        assertTrue(bomb.length < 1024 * 1024, "the bomb itself is small: " + bomb.length);
        byte[] nested = zip(entries("bomb.zip", bomb));
        long start = System.nanoTime();
        Blocked b = onlyBlocked(scan(message(text("open me"), attachment("nested.zip", "application/zip", nested))));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(b.why().startsWith("archive expands to more than 104857600 bytes"), b.why());
        assertTrue(millis < 20_000, "stopped at the limit: " + millis + " ms");
    }

    @Test
    void aCorruptZipIsRefusedAsUnreadable() throws IOException {
        byte[] zip = zip(entries("a.txt", "hello world hello world hello world"));
        byte[] corrupt = java.util.Arrays.copyOf(zip, 40); // the local header and a piece of the data
        Blocked b = onlyBlocked(scan(message(attachment("broken.zip", "application/zip", corrupt))));
        assertTrue(b.why().startsWith("archive cannot be read: "), b.why());
    }

    @Test
    void anUnterminatedMultipartIsInspectedToTheEndAndNoted() throws IOException {
        String unterminated = HEADER + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n" + text("hi")
                + "--b\r\n" + attachment("invoice.pdf", "application/pdf", pe()); // no closing --b--
        Blocked b = onlyBlocked(scan(unterminated.getBytes(StandardCharsets.US_ASCII)));
        assertEquals(EXE, b.trueType());
        String clean = HEADER + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n" + text("just text, no end");
        AttachmentScanner.Report r = scan(clean.getBytes(StandardCharsets.US_ASCII));
        assertEquals(List.of(), r.blocked());
        assertTrue(r.uninspectable().isEmpty());
        assertEquals(1, r.parts());
    }

    @Test
    void aMultipartWithoutABoundaryIsUninspectableNotReadAsText() throws IOException {
        String noBoundary = HEADER + "Content-Type: multipart/mixed\r\n\r\n--b\r\n" + attachment("invoice.pdf", "application/pdf", pe()) + "--b--\r\n";
        AttachmentScanner.Report r = scan(noBoundary.getBytes(StandardCharsets.US_ASCII));
        assertEquals("a multipart part has no boundary parameter", r.uninspectable().orElseThrow());
    }

    @Test
    void aHundredLevelsOfNestingGiveAClearAnswerNotAnException() throws IOException {
        StringBuilder body = new StringBuilder(text("the bottom"));
        for (int level = 100; level > 0; level--) {
            body = new StringBuilder("Content-Type: multipart/mixed; boundary=\"n" + level + "\"\r\n\r\n")
                    .append(multipartBody("n" + level, body.toString()));
        }
        byte[] message = (HEADER + body).getBytes(StandardCharsets.US_ASCII);
        AttachmentScanner.Report r = scan(message);
        assertEquals("MIME parts nested more than 20 deep", r.uninspectable().orElseThrow());
        assertEquals(List.of("Maximum nesting depth limit (64) exceeded"), List.of(scan(settings(3, 1000, 1 << 20, 200), message)
                .uninspectable().orElseThrow().replace("malformed MIME: ", "")), "mime4j's own limit stops it, with a clear answer too");
    }

    @Test
    void nestingWithinTheLimitIsReadToTheBottom() throws IOException {
        StringBuilder body = new StringBuilder(attachment("deep.exe", "application/octet-stream", "x".getBytes()));
        for (int level = 40; level > 0; level--) {
            body = new StringBuilder("Content-Type: multipart/mixed; boundary=\"n" + level + "\"\r\n\r\n")
                    .append(multipartBody("n" + level, body.toString()));
        }
        AttachmentScanner.Report r = scan(settings(3, 1000, 1 << 20, 50), (HEADER + body).getBytes(StandardCharsets.US_ASCII));
        assertEquals("deep.exe", onlyBlocked(r).name());
        assertEquals(40, onlyBlocked(r).where().steps().size());
    }

    @Test
    void anAttachedMessageIsInspectedAndItsPartsAddressedThroughIt() throws IOException {
        String forwarded = "Content-Type: message/rfc822\r\n\r\n" + "From: x@example.net\r\nSubject: fwd\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"inner\"\r\n\r\n" + multipartBody("inner", text("orig"), attachment("tool.exe", "application/octet-stream", "x".getBytes()));
        Blocked b = onlyBlocked(scan(message(text("fyi"), forwarded)));
        assertEquals(List.of(new PartPath.Step("outer-b", 2), new PartPath.Step("inner", 2)), b.where().steps());
        String encodedForward = "Content-Type: message/rfc822\r\nContent-Transfer-Encoding: base64\r\n\r\n" + base64(("From: x@example.net\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"inner\"\r\n\r\n"
                + multipartBody("inner", text("orig"), attachment("tool.exe", "application/octet-stream", "x".getBytes())))
                .getBytes(StandardCharsets.US_ASCII));
        Blocked opaque = onlyBlocked(scan(message(text("fyi"), encodedForward)));
        assertEquals("tool.exe", opaque.name());
        assertEquals(List.of(new PartPath.Step("outer-b", 2)), opaque.where().steps(), "the encoded message is replaced as a whole");
    }

    @Test
    void binaryGarbageIsReadAsOneBodyAndItsDefectsNoted() throws IOException {
        byte[] noise = new byte[5000];
        new java.util.Random(7).nextBytes(noise);
        AttachmentScanner.Report r = scan(noise);
        assertEquals(1, r.parts());
        assertEquals(List.of(), r.blocked());
        assertTrue(r.uninspectable().isEmpty());
        assertTrue(r.tolerated().contains("Invalid header encountered"), r.tolerated().toString());
        AttachmentScanner.Report empty = scan(new byte[0]);
        assertEquals(List.of(), empty.blocked());
    }
}
