// A delivery status notification as the recording server received it, split into its MIME parts for assertions.
package io.caravan.it;

import io.caravan.testing.RecordingSmtpServer.Received;
import jakarta.mail.BodyPart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

record Dsn(Received envelope, MimeMessage message, String humanReadable, String deliveryStatus, String returned) {

    /** Waits for the next report to the sender, checks it is a well-formed multipart/report and splits it. */
    static Dsn await(String sender) {
        Received r = Await.until(() -> MailWorld.mx.received().stream()
                .filter(m -> m.mailFrom().isEmpty() && m.rcptTo().equals(java.util.List.of(sender))).findFirst().orElse(null),
                Duration.ofSeconds(30), "a DSN to " + sender);
        return of(r);
    }

    static Dsn of(Received r) {
        try {
            MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(r.data()));
            assertTrue(m.getContentType().startsWith("multipart/report"), m.getContentType());
            assertTrue(m.getContentType().contains("report-type=delivery-status"), m.getContentType());
            MimeMultipart parts = new MimeMultipart(m.getDataHandler().getDataSource());
            assertEquals(3, parts.getCount());
            assertTrue(parts.getBodyPart(0).isMimeType("text/plain"));
            assertTrue(parts.getBodyPart(1).isMimeType("message/delivery-status")
                    || parts.getBodyPart(1).isMimeType("message/global-delivery-status"), parts.getBodyPart(1).getContentType());
            String status = raw(parts.getBodyPart(1)).replaceAll("\r\n[ \t]", " "); // unfolded (RFC 5322 §2.2.3)
            return new Dsn(r, m, raw(parts.getBodyPart(0)), status, raw(parts.getBodyPart(2)));
        } catch (Exception e) {
            throw new AssertionError("not a well-formed DSN: " + r.text(), e);
        }
    }

    private static String raw(BodyPart part) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        part.getInputStream().transferTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The Content-Type of part 0, 1 or 2. */
    String partType(int part) {
        try {
            return new MimeMultipart(message.getDataHandler().getDataSource()).getBodyPart(part).getContentType();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
