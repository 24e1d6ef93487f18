package io.caravan.delivery;

import io.caravan.mail.RawMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.mail.Envelope;
import io.caravan.mail.MailAddress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaildirDeliveryTest {

    @TempDir
    Path root;

    private static Envelope envelope(MailAddress from, MailAddress rcpt) {
        return new Envelope("Q42XYZ", from, List.of(rcpt), "8BITMIME", "default", "192.0.2.1", "client.example",
                1L, 2L, 0);
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    @Test
    void messageLandsInNewWithTraceFieldsFollowedByTheExactBytes() throws IOException {
        MailAddress rcpt = MailAddress.parse("bob@example.com");
        byte[] raw = {'S', 'u', 'b', 'j', 'e', 'c', 't', ':', ' ', 'x', '\r', '\n', '\r', '\n',
            (byte) 0xff, 0, (byte) 0xc3, (byte) 0xa9, '.', '\r', '\n'};

        Path file = MaildirDelivery.write(root, envelope(MailAddress.parse("alice@sender.example"), rcpt), rcpt, RawMessage.of(raw));

        Path box = root.resolve("example.com").resolve("bob");
        assertEquals(box.resolve("new"), file.getParent());
        assertEquals(List.of(file), list(box.resolve("new")));
        assertTrue(file.getFileName().toString().contains("Q42XYZ"), file.toString());
        byte[] expected = concat(
                "Return-Path: <alice@sender.example>\r\nDelivered-To: bob@example.com\r\n".getBytes(StandardCharsets.US_ASCII),
                raw);
        assertArrayEquals(expected, Files.readAllBytes(file));
    }

    @Test
    void tmpIsLeftEmptyAndCurExists() throws IOException {
        MailAddress rcpt = MailAddress.parse("bob@example.com");

        MaildirDelivery.write(root, envelope(MailAddress.parse("a@b.example"), rcpt), rcpt, RawMessage.of("x\r\n".getBytes(StandardCharsets.US_ASCII)));

        Path box = root.resolve("example.com").resolve("bob");
        assertEquals(List.of(), list(box.resolve("tmp")));
        assertTrue(Files.isDirectory(box.resolve("cur")));
        assertEquals(List.of(), list(box.resolve("cur")));
    }

    @Test
    void nullSenderGetsAnEmptyReturnPath() throws IOException {
        MailAddress rcpt = MailAddress.parse("postmaster@example.com");

        Path file = MaildirDelivery.write(root, envelope(MailAddress.NULL_SENDER, rcpt), rcpt, RawMessage.of(new byte[0]));

        assertEquals("Return-Path: <>\r\nDelivered-To: postmaster@example.com\r\n",
                Files.readString(file, StandardCharsets.US_ASCII));
    }

    @Test
    void mailboxDirectoryNamesAreLowerCasedButDeliveredToKeepsTheAddress() throws IOException {
        MailAddress rcpt = MailAddress.parse("Bob.Smith@Example.COM");

        Path file = MaildirDelivery.write(root, envelope(MailAddress.parse("a@b.example"), rcpt), rcpt, RawMessage.of(new byte[0]));

        assertEquals(root.resolve("example.com").resolve("bob.smith").resolve("new"), file.getParent());
        assertTrue(Files.readString(file, StandardCharsets.US_ASCII).contains("Delivered-To: Bob.Smith@Example.COM\r\n"));
    }

    @Test
    void twoDeliveriesOfTheSameCopyGetTwoFiles() throws IOException {
        MailAddress rcpt = MailAddress.parse("bob@example.com");
        Envelope env = envelope(MailAddress.parse("a@b.example"), rcpt);

        Path first = MaildirDelivery.write(root, env, rcpt, RawMessage.of("1".getBytes(StandardCharsets.US_ASCII)));
        Path second = MaildirDelivery.write(root, env, rcpt, RawMessage.of("2".getBytes(StandardCharsets.US_ASCII)));

        assertNotEquals(first, second);
        assertEquals(2, list(root.resolve("example.com").resolve("bob").resolve("new")).size());
    }

    @Test
    void safeSegmentCannotClimbOutOrHide() {
        for (String hostile : List.of("../../etc", "..", ".", ".hidden", "a/b", "a\\b", "/abs", "x\u0000y", "..\\..\\win")) {
            String s = MaildirDelivery.safe(hostile);
            assertFalse(s.contains("/"), s);
            assertFalse(s.contains("\\"), s);
            assertFalse(s.startsWith("."), s);
            assertFalse(s.contains("\u0000"), s);
            assertFalse(s.isEmpty(), s);
        }
        assertEquals("bob", MaildirDelivery.safe("bob"));
        assertEquals("first.last+tag", MaildirDelivery.safe("first.last+tag"));
    }

    @Test
    void hostileQuotedLocalPartIsDeliveredInsideTheStore() throws IOException {
        MailAddress rcpt = MailAddress.parse("\"../../../escape\"@example.com");

        Path file = MaildirDelivery.write(root, envelope(MailAddress.parse("a@b.example"), rcpt), rcpt, RawMessage.of(new byte[0]));

        Path domainDir = root.resolve("example.com").toRealPath();
        assertTrue(file.toRealPath().startsWith(domainDir), file.toString());
        assertEquals(domainDir, file.toRealPath().getParent().getParent().getParent());
    }

    @Test
    void hostileDomainAndLocalPartBuiltDirectlyStayInsideTheStore() throws IOException {
        MailAddress rcpt = new MailAddress("../../x", "..");

        Path file = MaildirDelivery.write(root, envelope(MailAddress.parse("a@b.example"), rcpt), rcpt, RawMessage.of(new byte[0]));

        Path realRoot = root.toRealPath();
        assertTrue(file.toRealPath().startsWith(realRoot), file.toString());
        assertEquals(realRoot, file.toRealPath().getParent().getParent().getParent().getParent());
    }
}
