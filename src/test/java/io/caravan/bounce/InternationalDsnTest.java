// DsnMessage for internationalised mail: the RFC 6533 forms (UTF-8 text, global-delivery-status, global-headers).
package io.caravan.bounce;

import static io.caravan.bounce.DsnFixtures.ORIGINAL;
import static io.caravan.bounce.DsnFixtures.bobFailed;
import static io.caravan.bounce.DsnFixtures.parse;
import static io.caravan.bounce.DsnFixtures.parts;
import static io.caravan.bounce.DsnFixtures.request;
import static io.caravan.bounce.DsnFixtures.unfold;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.bounce.RecipientReport.Action;
import io.caravan.mail.MailAddress;
import io.caravan.mail.SmtpReply;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeBodyPart;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class InternationalDsnTest {

    private static final MailAddress JOERG = new MailAddress("j\u00f6rg", "b\u00fccher.example");
    private static final String JOERG_REPLY = "550 5.1.1 <j\u00f6rg@b\u00fccher.example>: Benutzer unbekannt";

    private static RecipientReport joerg(String orcpt) {
        return new RecipientReport(JOERG, orcpt, Action.FAILED, SmtpReply.parse(JOERG_REPLY), "mx.b\u00fccher.example",
                DsnFixtures.NOW, null);
    }

    /** A part's content as written, read as UTF-8. */
    private static String utf8(BodyPart part) throws Exception {
        return new String(((MimeBodyPart) part).getRawInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void theNoteAboutAnInternationalisedRecipientIsUtf8TextShowingTheAddressAndTheReply() throws Exception {
        BodyPart text = parts(DsnMessage.build(request(List.of(joerg(null))))).getBodyPart(0);

        assertTrue(text.isMimeType("text/plain"));
        assertEquals("utf-8", new ContentType(text.getContentType()).getParameter("charset"));
        assertEquals("8bit", text.getHeader("Content-Transfer-Encoding")[0]);
        String body = (String) text.getContent();
        assertTrue(body.contains("<j\u00f6rg@b\u00fccher.example>:\r\n"), body);
        assertTrue(body.contains("    " + JOERG_REPLY + "\r\n"), body);
        assertFalse(body.contains("?"), body);
    }

    @Test
    void theStatusFieldsAreGlobalDeliveryStatusWithTheUtf8FinalRecipient() throws Exception {
        Multipart parts = parts(DsnMessage.build(request(List.of(joerg(null)))));

        BodyPart status = parts.getBodyPart(1);
        assertEquals("message/global-delivery-status", new ContentType(status.getContentType()).getBaseType());
        assertEquals("8bit", status.getHeader("Content-Transfer-Encoding")[0]);
        String fields = unfold(utf8(status));
        assertTrue(fields.contains("\r\n\r\nFinal-Recipient: utf-8; j\u00f6rg@b\u00fccher.example\r\nAction: failed\r\n"), fields);
        assertTrue(fields.contains("\r\nDiagnostic-Code: smtp; " + JOERG_REPLY + "\r\n"), fields);
    }

    @Test
    void aUtf8OriginalRecipientIsWrittenInItsUnitextFormAndAnRfc822OneAsGiven() throws Exception {
        RecipientReport utf8Orcpt = joerg("utf-8;J\\x{F6}rg@B\\x{FC}cher.example");
        RecipientReport rfc822Orcpt = new RecipientReport(new MailAddress("k\u00e4the", "example.de"), "rfc822;kaethe@example.de",
                Action.FAILED, SmtpReply.parse("550 5.1.1 unknown"), "mx.example.de", null, null);

        String fields = unfold(utf8(parts(DsnMessage.build(request(List.of(utf8Orcpt, rfc822Orcpt)))).getBodyPart(1)));

        assertTrue(fields.contains("\r\n\r\nOriginal-Recipient: utf-8; J\u00f6rg@B\u00fccher.example\r\n"
                + "Final-Recipient: utf-8; j\u00f6rg@b\u00fccher.example\r\n"), fields);
        assertTrue(fields.contains("\r\n\r\nOriginal-Recipient: rfc822;kaethe@example.de\r\n"
                + "Final-Recipient: utf-8; k\u00e4the@example.de\r\n"), fields);
    }

    @Test
    void asciiSpecialsOfAUtf8AddressAreEscapedSoTheValueDecodesToTheAddress() throws Exception {
        RecipientReport plus = new RecipientReport(new MailAddress("j\u00f6rg+news", "example.de"), null, Action.FAILED,
                SmtpReply.parse("550 5.1.1 unknown"), null, null, null);

        String fields = unfold(utf8(parts(DsnMessage.build(request(List.of(plus)))).getBodyPart(1)));

        assertTrue(fields.contains("Final-Recipient: utf-8; j\u00f6rg\\x{2B}news@example.de\r\n"), fields);
        assertEquals("j\u00f6rg+news@example.de", Utf8AddressType.decode("j\u00f6rg\\x{2B}news@example.de"));
    }

    @Test
    void theReturnedHeaderIsMessageGlobalHeadersAndAFullReturnMessageGlobal() throws Exception {
        byte[] original = ("From: J\u00f6rg <j\u00f6rg@b\u00fccher.example>\r\nSubject: Gr\u00fc\u00dfe\r\n\r\nK\u00e4se\r\n")
                .getBytes(StandardCharsets.UTF_8);

        BodyPart headers = parts(DsnMessage.build(request(List.of(joerg(null)), original, false, null))).getBodyPart(2);
        assertEquals("message/global-headers", new ContentType(headers.getContentType()).getBaseType());
        assertEquals("8bit", headers.getHeader("Content-Transfer-Encoding")[0]);
        assertEquals("From: J\u00f6rg <j\u00f6rg@b\u00fccher.example>\r\nSubject: Gr\u00fc\u00dfe\r\n\r\n", utf8(headers));

        BodyPart full = parts(DsnMessage.build(request(List.of(joerg(null)), original, true, null))).getBodyPart(2);
        assertEquals("message/global", new ContentType(full.getContentType()).getBaseType());
        assertEquals(new String(original, StandardCharsets.UTF_8), utf8(full));
    }

    @Test
    void anAsciiOriginalReturnedInAnInternationalReportIsGlobalHeadersInSevenBit() throws Exception {
        BodyPart headers = parts(DsnMessage.build(request(List.of(joerg(null)), ORIGINAL, false, null))).getBodyPart(2);

        assertEquals("message/global-headers", new ContentType(headers.getContentType()).getBaseType());
        assertEquals("7bit", headers.getHeader("Content-Transfer-Encoding")[0]);
    }

    @Test
    void utf8HeaderFieldsInTheOriginalMakeTheReportInternationalEvenForAnAsciiRecipient() throws Exception {
        byte[] original = "Subject: Gr\u00fc\u00dfe\r\n\r\nbody\r\n".getBytes(StandardCharsets.UTF_8);

        byte[] dsn = DsnMessage.build(request(List.of(bobFailed()), original, false, null));

        Multipart parts = parts(dsn);
        assertEquals("utf-8", new ContentType(parts.getBodyPart(0).getContentType()).getParameter("charset"));
        assertEquals(null, parts.getBodyPart(0).getHeader("Content-Transfer-Encoding"), "the note itself is ASCII");
        assertEquals("message/delivery-status", parts.getBodyPart(1).getContentType(), "no field carries UTF-8");
        assertEquals("message/global-headers", new ContentType(parts.getBodyPart(2).getContentType()).getBaseType());
        assertEquals("8bit", parse(dsn).getHeader("Content-Transfer-Encoding")[0]);
    }

    @Test
    void anEightBitBodyUnderAsciiHeaderFieldsStaysPlainRfc3464() throws Exception {
        byte[] original = "Subject: plain\r\n\r\nK\u00e4se\r\n".getBytes(StandardCharsets.UTF_8);

        Multipart parts = parts(DsnMessage.build(request(List.of(bobFailed()), original, true, null)));

        assertEquals("text/plain; charset=us-ascii", parts.getBodyPart(0).getContentType());
        assertEquals("message/rfc822", new ContentType(parts.getBodyPart(2).getContentType()).getBaseType());
    }

    @Test
    void noLineOfAUtf8ReportPasses998OctetsAndNoCharacterIsCut() throws Exception {
        String longReply = "550 5.7.1 " + "\u00e9".repeat(1200); // 2400 octets in one word
        RecipientReport r = new RecipientReport(JOERG, null, Action.FAILED, SmtpReply.parse(longReply), "mx.example.de", null, null);

        byte[] dsn = DsnMessage.build(request(List.of(r)));

        int lineStart = 0;
        for (int i = 0; i < dsn.length; i++) {
            if (dsn[i] == '\n') {
                assertTrue(i - 1 - lineStart <= 998, "line of " + (i - 1 - lineStart) + " octets at octet " + lineStart);
                lineStart = i + 1;
            }
        }
        String text = (String) parts(dsn).getBodyPart(0).getContent();
        assertEquals(1200, text.chars().filter(c -> c == '\u00e9').count(), "every character arrives whole");
        assertFalse(text.contains("\ufffd"), "no character was cut in two");
    }
}
