// Test fixtures for delivery status notifications: sample reports, and reading the built bytes back with Jakarta Mail.
package io.caravan.bounce;

import io.caravan.bounce.RecipientReport.Action;
import io.caravan.mail.MailAddress;
import io.caravan.mail.SmtpReply;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

final class DsnFixtures {

    static final Instant ARRIVAL = Instant.parse("2025-06-03T11:05:30Z");
    static final Instant NOW = ARRIVAL.plusSeconds(3600);
    static final MailAddress SENDER = MailAddress.parse("alice@example.com");
    static final String BOB_REPLY = "550 5.1.1 <bob@example.org>: Recipient address rejected";
    static final byte[] ORIGINAL = ascii("From: Alice <alice@example.com>\r\nTo: bob@example.org\r\n"
            + "Subject: Quarterly figures\r\nMessage-ID: <1@example.com>\r\n\r\nThe secret body text.\r\n");

    private DsnFixtures() {
    }

    static RecipientReport failed(String address, String reply, String remoteMta) {
        return new RecipientReport(MailAddress.parse(address), null, Action.FAILED, SmtpReply.parse(reply), remoteMta, NOW, null);
    }

    static RecipientReport bobFailed() {
        return failed("bob@example.org", BOB_REPLY, "mx.example.org");
    }

    static RecipientReport carolDelayed() {
        return new RecipientReport(MailAddress.parse("carol@example.net"), null, Action.DELAYED,
                SmtpReply.parse("451 4.4.1 Connection timed out"), "mx.example.net", NOW, ARRIVAL.plusSeconds(5 * 86400));
    }

    static RecipientReport withAction(Action action, String reply) {
        return new RecipientReport(MailAddress.parse("dave@example.org"), null, action, SmtpReply.parse(reply), "mx.example.org", NOW, null);
    }

    static DsnRequest request(List<RecipientReport> recipients) {
        return request(recipients, ORIGINAL, false, null);
    }

    static DsnRequest request(List<RecipientReport> recipients, byte[] original, boolean full, String envelopeId) {
        return new DsnRequest("mx1.example.com", SENDER, "Q7F3A21", ARRIVAL, envelopeId, full, recipients, original,
                "postmaster@example.com", NOW, "example.com");
    }

    static MimeMessage parse(byte[] dsn) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(dsn));
    }

    static Multipart parts(byte[] dsn) throws Exception {
        return (Multipart) parse(dsn).getContent();
    }

    /** The part's content exactly as written, before any decoding: Jakarta may not know the type. */
    static String raw(BodyPart part) throws Exception {
        return new String(((MimeBodyPart) part).getRawInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    /** RFC 5322 unfolding: a CRLF followed by white space is just that white space. */
    static String unfold(String fields) {
        return fields.replaceAll("\r\n(?=[ \t])", "");
    }

    static String deliveryStatus(byte[] dsn) throws Exception {
        return unfold(raw(parts(dsn).getBodyPart(1)));
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
