// DsnMessage: the report parses part by part as RFC 3464 / RFC 6522 says, and its bytes are safe on any SMTP path.
package io.caravan.bounce;

import static io.caravan.bounce.DsnFixtures.BOB_REPLY;
import static io.caravan.bounce.DsnFixtures.ORIGINAL;
import static io.caravan.bounce.DsnFixtures.ascii;
import static io.caravan.bounce.DsnFixtures.bobFailed;
import static io.caravan.bounce.DsnFixtures.carolDelayed;
import static io.caravan.bounce.DsnFixtures.deliveryStatus;
import static io.caravan.bounce.DsnFixtures.failed;
import static io.caravan.bounce.DsnFixtures.parse;
import static io.caravan.bounce.DsnFixtures.parts;
import static io.caravan.bounce.DsnFixtures.raw;
import static io.caravan.bounce.DsnFixtures.request;
import static io.caravan.bounce.DsnFixtures.withAction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.bounce.RecipientReport.Action;
import io.caravan.mail.MailAddress;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

class DsnMessageTest {

    @Test
    void isAMultipartReportOfTypeDeliveryStatusWithThreeParts() throws Exception {
        byte[] dsn = DsnMessage.build(request(List.of(bobFailed())));

        ContentType type = new ContentType(parse(dsn).getContentType());
        assertTrue(type.match("multipart/report"), type.toString());
        assertEquals("delivery-status", type.getParameter("report-type"));
        assertEquals(3, parts(dsn).getCount());
    }

    @Test
    void firstPartExplainsInPlainTextWithTheRecipientAndTheVerbatimRemoteReply() throws Exception {
        BodyPart text = parts(DsnMessage.build(request(List.of(bobFailed())))).getBodyPart(0);

        assertTrue(text.isMimeType("text/plain"));
        assertEquals("us-ascii", new ContentType(text.getContentType()).getParameter("charset"));
        String body = (String) text.getContent();
        assertContains(body, "This is the mail system at host mx1.example.com.");
        assertContains(body, "could not be delivered");
        assertContains(body, "bob@example.org");
        assertContains(body, "mx.example.org");
        assertContains(body, BOB_REPLY);
        assertContains(body, Explanations.whatHappened(bobFailed().reply()).substring(0, 30));
        assertContains(body, "spelling");
    }

    @Test
    void secondPartStartsWithThePerMessageFields() throws Exception {
        BodyPart status = parts(DsnMessage.build(request(List.of(bobFailed())))).getBodyPart(1);

        assertTrue(status.isMimeType("message/delivery-status"));
        String fields = deliveryStatus(DsnMessage.build(request(List.of(bobFailed()))));
        assertTrue(fields.startsWith("Reporting-MTA: dns; mx1.example.com\r\n"), fields);
        assertContains(fields, "\r\nX-Caravan-Queue-ID: Q7F3A21\r\n");
        assertContains(fields, "\r\nArrival-Date: Tue, 3 Jun 2025 11:05:30 +0000\r\n");
    }

    @Test
    void failedRecipientBlockNamesRecipientActionStatusRemoteMtaAndTheVerbatimReply() throws Exception {
        String[] blocks = deliveryStatus(DsnMessage.build(request(List.of(bobFailed())))).split("\r\n\r\n");

        assertEquals(2, blocks.length);
        String bob = blocks[1];
        assertContains(bob, "Final-Recipient: rfc822; bob@example.org\r\n");
        assertContains(bob, "Action: failed\r\n");
        assertContains(bob, "Status: 5.1.1\r\n");
        assertContains(bob, "Remote-MTA: dns; mx.example.org\r\n");
        assertContains(bob, "Diagnostic-Code: smtp; " + BOB_REPLY + "\r\n");
        assertContains(bob, "Last-Attempt-Date: Tue, 3 Jun 2025 12:05:30 +0000\r\n");
        assertFalse(bob.contains("Will-Retry-Until"), bob);
    }

    @Test
    void delayedRecipientIsReportedAsDelayedWithATemporaryStatusAndItsRetryLimit() throws Exception {
        String[] blocks = deliveryStatus(DsnMessage.build(request(List.of(bobFailed(), carolDelayed())))).split("\r\n\r\n");

        assertEquals(3, blocks.length);
        String carol = blocks[2];
        assertContains(carol, "Final-Recipient: rfc822; carol@example.net\r\n");
        assertContains(carol, "Action: delayed\r\n");
        assertTrue(carol.matches("(?s).*\r\nStatus: 4\\.\\d+\\.\\d+\r\n.*"), carol);
        assertContains(carol, "Will-Retry-Until: Sun, 8 Jun 2025 11:05:30 +0000");
    }

    @Test
    void originalRecipientAndEnvelopeIdAppearOnlyWhenGiven() throws Exception {
        String without = deliveryStatus(DsnMessage.build(request(List.of(bobFailed()))));
        assertFalse(without.contains("Original-Recipient"), without);
        assertFalse(without.contains("Original-Envelope-Id"), without);

        RecipientReport bob = bobFailed();
        RecipientReport withOrcpt = new RecipientReport(bob.recipient(), "rfc822;Bob@Example.org", bob.action(),
                bob.reply(), bob.remoteMta(), bob.lastAttempt(), null);
        String with = deliveryStatus(DsnMessage.build(request(List.of(withOrcpt), ORIGINAL, false, "QQ314159")));
        assertContains(with, "\r\nOriginal-Envelope-Id: QQ314159\r\n");
        assertContains(with, "\r\n\r\nOriginal-Recipient: rfc822;Bob@Example.org\r\nFinal-Recipient: rfc822; bob@example.org\r\n");
    }

    @Test
    void localFailureIsDiagnosedAsOursWithoutARemoteMta() throws Exception {
        RecipientReport noMx = failed("dave@nowhere.test", "550 5.4.4 No MX or address record for nowhere.test", null);

        String fields = deliveryStatus(DsnMessage.build(request(List.of(noMx))));

        assertContains(fields, "Diagnostic-Code: X-Caravan; 550 5.4.4 No MX or address record for nowhere.test\r\n");
        assertFalse(fields.contains("Remote-MTA"), fields);
        assertFalse(fields.contains("smtp;"), fields);
    }

    @Test
    void statusFallsBackOnTheReplyClassWhenTheServerSentNoEnhancedCode() throws Exception {
        String fields = deliveryStatus(DsnMessage.build(request(List.of(failed("bob@example.org", "550 No such user", "mx.example.org")))));

        assertContains(fields, "Status: 5.0.0\r\n");
    }

    @Test
    void multiLineReplyIsJoinedWithSpacesInTheDiagnosticCode() throws Exception {
        RecipientReport bob = failed("bob@example.org", "550-5.7.1 Our policy says no.\r\n550 5.7.1 See https://example.org/why", "mx.example.org");

        String fields = deliveryStatus(DsnMessage.build(request(List.of(bob))));

        assertContains(fields, "Diagnostic-Code: smtp; 550 5.7.1 Our policy says no. See https://example.org/why\r\n");
    }

    @Test
    void byDefaultOnlyTheOriginalHeaderSectionIsReturned() throws Exception {
        BodyPart returned = parts(DsnMessage.build(request(List.of(bobFailed())))).getBodyPart(2);

        assertTrue(returned.isMimeType("text/rfc822-headers"), returned.getContentType());
        String headers = raw(returned);
        assertContains(headers, "Subject: Quarterly figures\r\n");
        assertFalse(headers.contains("secret body"), headers);
    }

    @Test
    void withRetFullTheWholeOriginalIsReturnedAsMessageRfc822() throws Exception {
        BodyPart returned = parts(DsnMessage.build(request(List.of(bobFailed()), ORIGINAL, true, null))).getBodyPart(2);

        assertTrue(returned.isMimeType("message/rfc822"), returned.getContentType());
        MimeMessage original = (MimeMessage) returned.getContent();
        assertEquals("Quarterly figures", original.getSubject());
        assertContains((String) original.getContent(), "The secret body text.");
        assertEquals("7bit", returned.getHeader("Content-Transfer-Encoding")[0]);
    }

    @Test
    void eightBitOriginalIsLabelledEightBitOnThatPartOnly() throws Exception {
        byte[] original = "Subject: Gr\u00fc\u00dfe\r\n\r\nK\u00e4se\r\n".getBytes(StandardCharsets.UTF_8);

        Multipart parts = parts(DsnMessage.build(request(List.of(bobFailed()), original, true, null)));

        assertEquals("8bit", parts.getBodyPart(2).getHeader("Content-Transfer-Encoding")[0]);
        assertEquals(null, parts.getBodyPart(0).getHeader("Content-Transfer-Encoding"));
        assertContains(raw(parts.getBodyPart(2)), new String(original, StandardCharsets.ISO_8859_1));
    }

    @Test
    void isAddressedToTheOriginalSenderFromThePostmasterAndMarkedAutoReplied() throws Exception {
        MimeMessage dsn = parse(DsnMessage.build(request(List.of(bobFailed()))));

        assertEquals("<alice@example.com>", dsn.getHeader("To")[0]);
        assertEquals("Mail Delivery System <postmaster@example.com>", dsn.getHeader("From")[0]);
        assertEquals("auto-replied", dsn.getHeader("Auto-Submitted")[0]);
        assertEquals("1.0", dsn.getHeader("MIME-Version")[0]);
        assertEquals(DsnFixtures.NOW, dsn.getSentDate().toInstant());
        assertTrue(dsn.getMessageID().matches("<[^<>@\\s]+@example\\.com>"), dsn.getMessageID());
    }

    @Test
    void everyReportGetsItsOwnMessageId() throws Exception {
        String first = parse(DsnMessage.build(request(List.of(bobFailed())))).getMessageID();
        String second = parse(DsnMessage.build(request(List.of(bobFailed())))).getMessageID();

        assertFalse(first.equals(second), first);
    }

    @Test
    void subjectTellsUndeliveredWhenAnyRecipientFailed() throws Exception {
        assertEquals("Undelivered Mail Returned to Sender", subjectFor(bobFailed(), carolDelayed()));
    }

    @Test
    void subjectTellsDelayedWhenRecipientsAreOnlyDelayed() throws Exception {
        assertEquals("Delayed Mail (still being retried)", subjectFor(carolDelayed()));
    }

    @Test
    void subjectTellsSuccessForDeliveryAndRelayedForRelayOnly() throws Exception {
        assertEquals("Successful Mail Delivery Report", subjectFor(withAction(Action.DELIVERED, "250 2.0.0 Ok")));
        assertEquals("Mail relayed", subjectFor(withAction(Action.RELAYED, "250 2.0.0 Ok")));
    }

    @Test
    void delayWarningSaysTheSenderNeedNotResend() throws Exception {
        String text = (String) parts(DsnMessage.build(request(List.of(carolDelayed())))).getBodyPart(0).getContent();

        assertContains(text, "you do not need to send your message again");
        assertContains(text, "We will keep trying until Sun, 8 Jun 2025 11:05:30 +0000.");
    }

    @Test
    void everyLineEndsWithCrLfAndNoneExceeds998OctetsEvenForA2000CharacterReply() throws Exception {
        String longWords = "550 5.7.1 " + "rejected because ".repeat(125);
        String oneLongWord = "550 5.7.1 " + "x".repeat(2000);
        byte[] messyOriginal = ascii("Subject: bare\nX-Long: " + "y".repeat(1500) + "\r\n\rbody\n");

        byte[] dsn = DsnMessage.build(request(List.of(
                failed("bob@example.org", longWords, "mx.example.org"),
                failed("carl@example.org", oneLongWord, "mx.example.org")), messyOriginal, true, null));

        assertWireSafe(dsn);
        String fields = deliveryStatus(dsn);
        assertContains(fields, "Diagnostic-Code: smtp; " + longWords.strip() + "\r\n");
    }

    @Test
    void boundaryNeverOccursInTheOriginalEvenWhenTheOriginalContainsTheGeneratorsCandidates() throws Exception {
        // DsnMessage tries =_caravan-dsn-0, -1, ... in turn; this original holds the first ones, in any case.
        String trap = "Subject: trap\r\nContent-Type: text/plain\r\n\r\n--=_caravan-dsn-0\r\n"
                + "=_CARAVAN-DSN-1 and =_caravan-dsn-2\r\n--=_caravan-dsn-3--\r\n";

        byte[] dsn = DsnMessage.build(request(List.of(bobFailed()), ascii(trap), true, null));

        String boundary = new ContentType(parse(dsn).getContentType()).getParameter("boundary");
        assertTrue(boundary.startsWith(DsnMessage.BOUNDARY_PREFIX), boundary);
        assertFalse(trap.toLowerCase().contains(boundary.toLowerCase()), boundary);
        Multipart parts = parts(dsn);
        assertEquals(3, parts.getCount());
        assertContains((String) ((MimeMessage) parts.getBodyPart(2).getContent()).getContent(), "=_CARAVAN-DSN-1");
    }

    @Test
    void anAllAsciiReportIsSevenBitWithTheRfc3464Types() throws Exception {
        byte[] dsn = DsnMessage.build(request(List.of(bobFailed(), carolDelayed())));

        Multipart parts = parts(dsn);
        assertEquals("text/plain; charset=us-ascii", parts.getBodyPart(0).getContentType());
        assertEquals("message/delivery-status", parts.getBodyPart(1).getContentType());
        assertEquals("text/rfc822-headers", parts.getBodyPart(2).getContentType());
        for (byte b : dsn) {
            assertTrue(b >= 0, "the report of an ASCII original must be 7-bit");
        }
        assertEquals(null, parse(dsn).getHeader("Content-Transfer-Encoding"));
    }

    @Test
    void refusesToReportToTheNullSender() {
        assertThrows(IllegalArgumentException.class, () -> new DsnRequest("mx1.example.com", MailAddress.NULL_SENDER, "Q1",
                null, null, false, List.of(bobFailed()), ORIGINAL, "postmaster@example.com", DsnFixtures.NOW, "example.com"));
    }

    private static String subjectFor(RecipientReport... recipients) throws Exception {
        return parse(DsnMessage.build(request(List.of(recipients)))).getSubject();
    }

    private static void assertWireSafe(byte[] dsn) {
        int lineStart = 0;
        for (int i = 0; i < dsn.length; i++) {
            if (dsn[i] == '\r') {
                assertTrue(i + 1 < dsn.length && dsn[i + 1] == '\n', "bare CR at octet " + i);
            }
            if (dsn[i] == '\n') {
                assertTrue(i > 0 && dsn[i - 1] == '\r', "bare LF at octet " + i);
                assertTrue(i - 1 - lineStart <= 998, "line of " + (i - 1 - lineStart) + " octets at octet " + lineStart);
                lineStart = i + 1;
            }
        }
        assertEquals(dsn.length, lineStart, "the report must end with CRLF");
    }

    private static void assertContains(String text, String expected) {
        assertTrue(text.contains(expected), () -> "expected \"" + expected + "\" in:\n" + text);
    }
}
