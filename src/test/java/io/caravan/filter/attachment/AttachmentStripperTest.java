// Strip replaces only the blocked part: every other byte of the message, header, parts and line endings, stays as received.
package io.caravan.filter.attachment;

import io.caravan.mail.RawMessage;
import org.apache.tika.mime.MediaType;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.caravan.filter.attachment.TestMail.*;
import static org.junit.jupiter.api.Assertions.*;

class AttachmentStripperTest {

    static final String NOTICE = "Content-Type: text/plain; charset=us-ascii\r\nContent-Disposition: inline\r\nContent-Transfer-Encoding: 7bit\r\n\r\n"
            + "Caravan removed the attachment invoice.pdf (application/x-msdownload): content is application/x-msdownload, declared as application/pdf.\r\n"; // the part's last line break is the one before the next delimiter, kept

    static List<Blocked> blocked(byte[] message) throws IOException {
        return AttachmentScannerTest.scan(message).blocked();
    }

    static String stripped(byte[] message) throws IOException {
        RawMessage out = AttachmentStripper.strip(RawMessage.of(message), blocked(message));
        return new String(out.head(), StandardCharsets.UTF_8);
    }

    @Test
    void theBlockedPartIsReplacedAndEveryOtherByteKept() throws IOException {
        String textPart = "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nGrüße,\r\n  trailing spaces  \r\n\r\n";
        String exePart = attachment("invoice.pdf", "application/pdf", pe());
        String pdfPart = attachment("real.pdf", "application/pdf", AttachmentScannerTest.PDF);
        byte[] original = message(textPart, exePart, pdfPart);
        String before = new String(original, StandardCharsets.UTF_8);
        String expected = before.replace(exePart, NOTICE);
        assertNotEquals(before, expected);
        assertEquals(expected, stripped(original));
        assertEquals(List.of(), blocked(stripped(original).getBytes(StandardCharsets.UTF_8)), "nothing blocked is left");
    }

    @Test
    void bareLineFeedsAndAnEpilogueSurviveAsTheyWere() throws IOException {
        String exePart = "Content-Type: application/octet-stream; name=\"x.exe\"\n\nbinary\n";
        String original = "From: a@example.org\nSubject: lf only\nContent-Type: multipart/mixed; boundary=zz\n\npreamble\n"
                + "--zz\nContent-Type: text/plain\n\nhello\n--zz\n" + exePart + "--zz--\nepilogue\n";
        String result = stripped(original.getBytes(StandardCharsets.US_ASCII));
        assertTrue(result.startsWith("From: a@example.org\nSubject: lf only\nContent-Type: multipart/mixed; boundary=zz\n\npreamble\n"
                + "--zz\nContent-Type: text/plain\n\nhello\n--zz\nContent-Type: text/plain; charset=us-ascii\r\n"), result);
        assertTrue(result.endsWith("file name extension .exe.\n--zz--\nepilogue\n"), result);
    }

    @Test
    void aPartInsideAForwardedMessageIsReplacedThereOnly() throws IOException {
        String exePart = attachment("tool.exe", "application/octet-stream", "x".getBytes(StandardCharsets.US_ASCII));
        String forwarded = "Content-Type: message/rfc822\r\n\r\nFrom: x@example.net\r\nSubject: fwd\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"inner\"\r\n\r\n" + multipartBody("inner", text("orig"), exePart);
        byte[] original = message(text("fyi"), forwarded);
        String result = stripped(original);
        assertEquals(new String(original, StandardCharsets.UTF_8).replace(exePart,
                NOTICE.replace("invoice.pdf (application/x-msdownload): content is application/x-msdownload, declared as application/pdf",
                        "tool.exe (text/plain): file name extension .exe")), result);
    }

    @Test
    void aMessageThatIsItselfTheExecutableHasItsBodyAndContentFieldsReplaced() throws IOException {
        String header = "From: a@example.org\r\nSubject: run me\r\nMIME-Version: 1.0\r\nContent-Type: application/octet-stream; name=\"a.exe\"\r\n"
                + "X-Keep: yes\r\nContent-Transfer-Encoding: base64\r\n\r\n";
        byte[] original = (header + base64(pe())).getBytes(StandardCharsets.US_ASCII);
        assertEquals("From: a@example.org\r\nSubject: run me\r\nMIME-Version: 1.0\r\nX-Keep: yes\r\n"
                + "Content-Type: text/plain; charset=us-ascii\r\nContent-Transfer-Encoding: 7bit\r\n\r\n"
                + "Caravan removed this message's content: a.exe (application/x-msdownload): file name extension .exe\r\n", stripped(original));
    }

    @Test
    void twoBlockedPartsAreBothReplaced() throws IOException {
        String a = attachment("a.js", "text/plain", "1".getBytes());
        String b = attachment("b.vbs", "text/plain", "2".getBytes());
        byte[] original = message(a, text("between"), b);
        String result = stripped(original);
        assertFalse(result.contains("a.js\""), result);
        assertTrue(result.contains("Caravan removed the attachment a.js (text/plain)"), result);
        assertTrue(result.contains("Caravan removed the attachment b.vbs (text/plain)"), result);
        assertTrue(result.contains(text("between")), result);
    }

    @Test
    void aSpooledMessageIsStrippedIntoAFileOfItsOwnBesideIt() throws IOException {
        Path dir = Files.createTempDirectory("spool");
        Path file = dir.resolve("msg-1.eml");
        String exePart = attachment("invoice.pdf", "application/pdf", pe());
        StringBuilder big = new StringBuilder();
        while (big.length() < 3 * RawMessage.SPOOL_THRESHOLD) {
            big.append("Lorem ipsum dolor sit amet, consectetur adipiscing elit.\r\n");
        }
        byte[] original = message(text(big.toString()), exePart, text("after"));
        Files.write(file, original);
        RawMessage spooled = RawMessage.spooled(file);
        RawMessage result = AttachmentStripper.strip(spooled, AttachmentScannerTest.scan(original).blocked());
        assertTrue(result.isSpooled());
        assertEquals(dir, result.spoolFile().orElseThrow().getParent());
        assertNotEquals(file, result.spoolFile().orElseThrow());
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        result.writeTo(all);
        assertEquals(new String(original, StandardCharsets.UTF_8).replace(exePart, NOTICE), all.toString(StandardCharsets.UTF_8));
        assertArrayEquals(original, Files.readAllBytes(file), "the original is untouched");
        result.release();
        spooled.release();
        Files.delete(dir);
    }

    @Test
    void thePartLocatorFindsPartsAsMime4jDelimitsThem() throws IOException {
        String msg = "H: 1\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nA\r\n--bb\r\n--b \r\nB\r\n--b--\r\n";
        PartLocator.Range first = PartLocator.locate(new ByteArrayInputStream(msg.getBytes(StandardCharsets.US_ASCII)),
                new PartPath(List.of(new PartPath.Step("b", 1)))).orElseThrow();
        assertEquals("A\r\n--bb", msg.substring((int) first.start(), (int) first.end()), "--bb is not a delimiter of b");
        PartLocator.Range second = PartLocator.locate(new ByteArrayInputStream(msg.getBytes(StandardCharsets.US_ASCII)),
                new PartPath(List.of(new PartPath.Step("b", 2)))).orElseThrow();
        assertEquals("B", msg.substring((int) second.start(), (int) second.end()), "white space may follow a delimiter");
        assertTrue(PartLocator.locate(new ByteArrayInputStream(msg.getBytes(StandardCharsets.US_ASCII)),
                new PartPath(List.of(new PartPath.Step("b", 3)))).isEmpty());
    }

    @Test
    void blockedLabelsQuoteOnlyPrintableAscii() {
        Blocked b = new Blocked("r\u00e9sum\u00e9\r\nX-Evil: 1.exe", MediaType.OCTET_STREAM, "x", PartPath.WHOLE_BODY);
        assertEquals("r?sum???X-Evil: 1.exe (application/octet-stream)", b.label());
    }

}
