// Builds the messages the attachment filter tests send: MIME parts, a real PE header, zips, nested zips and a zip bomb.
package io.caravan.filter.attachment;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

final class TestMail {

    static final String HEADER = "From: Sender <a@example.org>\r\nTo: b@example.com\r\nSubject: the documents\r\n"
            + "Date: Thu, 26 Nov 2026 10:00:00 +0000\r\nMessage-ID: <docs@example.org>\r\nMIME-Version: 1.0\r\n";

    private TestMail() {
    }

    /**
     * The start of a real Windows PE executable: the DOS header ("MZ", e_lfanew at 0x3C), the DOS stub
     * and its message, then "PE\0\0" and a COFF header for i386, padded to 1 KiB.
     */
    static byte[] pe() {
        byte[] b = new byte[1024];
        b[0] = 'M';
        b[1] = 'Z';
        b[2] = (byte) 0x90;
        b[4] = 3;
        b[8] = 4;
        b[0x0C] = (byte) 0xFF;
        b[0x0D] = (byte) 0xFF;
        b[0x10] = (byte) 0xB8;
        b[0x18] = 0x40;
        b[0x3C] = (byte) 0x80;
        byte[] stub = "\u000e\u001f\u00ba\u000e\u0000\u00b4\t\u00cd!\u00b8\u0001L\u00cd!This program cannot be run in DOS mode.\r\r\n$"
                .getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(stub, 0, b, 0x40, stub.length);
        b[0x80] = 'P';
        b[0x81] = 'E';
        b[0x84] = 0x4C; // IMAGE_FILE_MACHINE_I386
        b[0x85] = 0x01;
        b[0x86] = 3;    // sections
        b[0x94] = (byte) 0xE0; // size of optional header
        b[0x96] = 0x02; // characteristics: executable image
        b[0x97] = 0x01;
        b[0x98] = 0x0B; // PE32 magic
        b[0x99] = 0x01;
        return b;
    }

    /** A base64-encoded part with a file name given in Content-Disposition. */
    static String attachment(String fileName, String contentType, byte[] content) {
        return "Content-Type: " + contentType + "; name=\"" + fileName + "\"\r\n"
                + "Content-Disposition: attachment; filename=\"" + fileName + "\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n" + base64(content);
    }

    static String text(String body) {
        return "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n";
    }

    static String base64(byte[] content) {
        return Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(content) + "\r\n";
    }

    /** A multipart/mixed message of these parts (each a header, an empty line and a body). */
    static byte[] message(String... parts) {
        return (HEADER + "Content-Type: multipart/mixed; boundary=\"outer-b\"\r\n\r\n" + multipartBody("outer-b", parts))
                .getBytes(StandardCharsets.UTF_8);
    }

    static String multipartBody(String boundary, String... parts) {
        StringBuilder body = new StringBuilder("This is a multi-part message in MIME format.\r\n");
        for (String part : parts) {
            body.append("--").append(boundary).append("\r\n").append(part);
            if (!part.endsWith("\r\n")) {
                body.append("\r\n");
            }
        }
        return body.append("--").append(boundary).append("--\r\n").toString();
    }

    static Map<String, byte[]> entries(Object... nameThenContent) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int i = 0; i < nameThenContent.length; i += 2) {
            Object c = nameThenContent[i + 1];
            entries.put((String) nameThenContent[i], c instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : (byte[]) c);
        }
        return entries;
    }

    static byte[] zip(Map<String, byte[]> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A zip holding one entry of {@code expanded} zero bytes, compressed about a thousand to one. */
    static byte[] zipBomb(String entryName, long expanded) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.setLevel(Deflater.BEST_COMPRESSION);
            zip.putNextEntry(new ZipEntry(entryName));
            byte[] zeros = new byte[1024 * 1024];
            for (long written = 0; written < expanded; written += zeros.length) {
                zip.write(zeros, 0, (int) Math.min(zeros.length, expanded - written));
            }
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
