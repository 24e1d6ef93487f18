// Delivery status notifications end to end: non-delivery, delay and success reports, DSN parameters in and out.
package io.caravan.it;

import io.caravan.mail.Envelope;
import io.caravan.mail.MailAddress;
import io.caravan.mail.RawMessage;
import io.caravan.receive.ReceiveConnectorComponent;
import io.caravan.testing.SmtpTestClient;
import io.caravan.testing.TrackingLog;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

@QuarkusTest
@QuarkusTestResource(value = MailWorld.class, restrictToAnnotatedClass = false)
class BounceTest {

    static final byte[] MESSAGE = "Subject: original subject\r\nMessage-ID: <orig@remote.test>\r\n\r\noriginal body line\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    @Inject
    CamelContext camel;

    @Inject
    ProducerTemplate producer;

    SmtpTestClient relay() {
        return SmtpTestClient.connect(camel.getComponent("receive-connector", ReceiveConnectorComponent.class).boundPort("default").orElseThrow());
    }

    /** Runs one transaction with raw MAIL and RCPT lines (so tests can add ESMTP parameters); returns the queue id. */
    String send(String mail, List<String> rcpts) throws IOException {
        return send(mail, rcpts, MESSAGE);
    }

    String send(String mail, List<String> rcpts, byte[] message) throws IOException {
        try (SmtpTestClient c = relay()) {
            assertEquals(250, c.command("EHLO client.test").code());
            assertEquals(250, c.command(mail).code(), mail);
            for (String rcpt : rcpts) {
                assertEquals(250, c.command(rcpt).code(), rcpt);
            }
            assertEquals(354, c.command("DATA").code());
            c.sendBytes(message);
            SmtpTestClient.Reply r = c.command(".");
            assertEquals(250, r.code(), r.text());
            return r.last().substring(r.last().lastIndexOf(' ') + 1);
        }
    }

    @Test
    void aRefusedRecipientGetsAnRfc3464ReportCheckedPartByPart() throws Exception {
        MailWorld.mx.onRcpt("gone@remote.test", "550 5.1.1 <gone@remote.test>: Recipient address rejected: User unknown");
        String id = send("MAIL FROM:<ndr@remote.test>", List.of("RCPT TO:<gone@remote.test>"));
        Dsn dsn = Dsn.await("ndr@remote.test");

        assertEquals("", dsn.envelope().mailFrom(), "reports are sent from the null sender");
        assertTrue(dsn.message().getHeader("From", null).contains("postmaster@example.com"));
        assertEquals("ndr@remote.test", dsn.message().getHeader("To", null).replaceAll("[<>]", "").strip());
        assertEquals("Undelivered Mail Returned to Sender", dsn.message().getSubject());
        assertEquals("auto-replied", dsn.message().getHeader("Auto-Submitted", null));

        assertTrue(dsn.humanReadable().contains("gone@remote.test"), dsn.humanReadable());
        assertTrue(dsn.humanReadable().contains("550 5.1.1 <gone@remote.test>: Recipient address rejected: User unknown"));

        String status = dsn.deliveryStatus();
        assertTrue(status.contains("Reporting-MTA: dns; caravan.test"), status);
        assertTrue(status.contains("X-Caravan-Queue-ID: " + id), status);
        assertTrue(status.contains("Arrival-Date: "), status);
        assertTrue(status.contains("Final-Recipient: rfc822; gone@remote.test"), status);
        assertTrue(status.contains("Action: failed"), status);
        assertTrue(status.contains("Status: 5.1.1"), status);
        assertTrue(status.contains("Remote-MTA: dns; mx1.remote.test"), status);
        assertTrue(status.contains("Diagnostic-Code: smtp; 550 5.1.1 <gone@remote.test>: Recipient address rejected: User unknown"), status);

        assertTrue(dsn.returned().contains("Subject: original subject"), dsn.returned());
        assertFalse(dsn.returned().contains("original body line"), "without RET=FULL only the header is returned");
        assertTrue(TrackingLog.events(id, "DSN_SENT").stream().anyMatch(e -> "failed".equals(e.getString("action"))), TrackingLog.events(id).toString());
    }

    @Test
    void aRefusedInternationalisedRecipientGetsAnRfc6533Report() throws Exception {
        MailWorld.mx.onRcpt("j\u00f6rg@remote.test", "550 5.1.1 <j\u00f6rg@remote.test>: Mailbox unknown");
        byte[] message = "Subject: Gr\u00fc\u00dfe\r\n\r\nbody\r\n".getBytes(StandardCharsets.UTF_8);
        String id = send("MAIL FROM:<intl@remote.test> SMTPUTF8", List.of("RCPT TO:<j\u00f6rg@remote.test>"), message);
        Dsn dsn = Dsn.await("intl@remote.test");

        assertEquals("text/plain; charset=utf-8", dsn.partType(0));
        assertTrue(dsn.humanReadable().contains("<j\u00f6rg@remote.test>:"), dsn.humanReadable());
        assertTrue(dsn.humanReadable().contains("550 5.1.1 <j\u00f6rg@remote.test>: Mailbox unknown"), dsn.humanReadable());
        assertEquals("message/global-delivery-status", dsn.partType(1));
        assertTrue(dsn.deliveryStatus().contains("Final-Recipient: utf-8; j\u00f6rg@remote.test"), dsn.deliveryStatus());
        assertTrue(dsn.deliveryStatus().contains("Diagnostic-Code: smtp; 550 5.1.1 <j\u00f6rg@remote.test>: Mailbox unknown"),
                dsn.deliveryStatus());
        assertEquals("message/global-headers", dsn.partType(2));
        assertTrue(dsn.returned().contains("Subject: Gr\u00fc\u00dfe"), dsn.returned());
        assertTrue(TrackingLog.events(id, "FAILED").stream().anyMatch(e -> e.getString("reply").contains("<j\u00f6rg@remote.test>: Mailbox unknown")),
                TrackingLog.events(id).toString());
    }

    @Test
    void aMessageLargerThanTheNextHopAnnouncesIsReportedWithItsLimitWithoutBeingSent() throws IOException {
        StringBuilder big = new StringBuilder("Subject: too large for small.test\r\n\r\n");
        while (big.length() < 3000) {
            big.append("a line of the body that makes this message larger than 2000 bytes\r\n");
        }
        String id = send("MAIL FROM:<toolarge@remote.test>", List.of("RCPT TO:<user@small.test>"),
                big.toString().getBytes(StandardCharsets.US_ASCII));

        Dsn dsn = Dsn.await("toolarge@remote.test");
        assertTrue(dsn.deliveryStatus().contains("Status: 5.3.4"), dsn.deliveryStatus());
        assertTrue(dsn.deliveryStatus().matches("(?s).*Diagnostic-Code: [^\r\n]*552 5\\.3\\.4 Message size \\d+ exceeds the limit of \\S+, 2000 bytes.*"),
                dsn.deliveryStatus());
        assertTrue(TrackingLog.events(id, "FAILED").stream().anyMatch(e -> e.getString("reply").contains("2000 bytes")), TrackingLog.events(id).toString());
        assertTrue(MailWorld.smallHop.commandLog().stream().noneMatch(l -> l.startsWith("MAIL")), MailWorld.smallHop.commandLog().toString());
    }

    @Test
    void aFailureForTheNullSenderIsNeverReported() throws IOException {
        MailWorld.mx.onRcpt("gone-null@remote.test", "550 5.1.1 User unknown");
        String id = send("MAIL FROM:<>", List.of("RCPT TO:<gone-null@remote.test>"));
        Await.until(() -> TrackingLog.events(id, "DSN_SUPPRESSED").stream().anyMatch(e -> "null sender".equals(e.getString("reason"))),
                Duration.ofSeconds(30), "the suppressed report of " + id);
    }

    @Test
    void notifyNeverMeansNoReport() throws IOException {
        MailWorld.mx.onRcpt("gone-never@remote.test", "550 5.1.1 User unknown");
        String id = send("MAIL FROM:<never@remote.test>", List.of("RCPT TO:<gone-never@remote.test> NOTIFY=NEVER"));
        Await.until(() -> TrackingLog.events(id, "DSN_SUPPRESSED").stream().anyMatch(e -> "NOTIFY".equals(e.getString("reason"))),
                Duration.ofSeconds(30), "the suppressed report of " + id);
    }

    @Test
    void retFullReturnsTheWholeMessageAndEnvidAndOrcptAreQuoted() throws IOException {
        MailWorld.mx.onRcpt("gone-full@remote.test", "550 5.1.1 User unknown");
        send("MAIL FROM:<full@remote.test> RET=FULL ENVID=env+2B1", List.of("RCPT TO:<gone-full@remote.test> ORCPT=rfc822;Gone-Full@remote.test"));
        Dsn dsn = Dsn.await("full@remote.test");
        assertTrue(dsn.returned().contains("original body line"), dsn.returned());
        assertTrue(dsn.deliveryStatus().contains("Original-Envelope-Id: env+1"), dsn.deliveryStatus());
        assertTrue(dsn.deliveryStatus().contains("Original-Recipient: rfc822;Gone-Full@remote.test"), dsn.deliveryStatus());
    }

    @Test
    void retFullOfAMessageTooLargeToCarryBackReturnsItsHeaderOnly() throws IOException {
        StringBuilder big = new StringBuilder(new String(MESSAGE, StandardCharsets.US_ASCII));
        while (big.length() < 2 * RawMessage.SPOOL_THRESHOLD) {
            big.append("another original body line\r\n");
        }
        MailWorld.mx.onRcpt("gone-large@remote.test", "550 5.1.1 User unknown");
        send("MAIL FROM:<large@remote.test> RET=FULL", List.of("RCPT TO:<gone-large@remote.test>"),
                big.toString().getBytes(StandardCharsets.US_ASCII));
        Dsn dsn = Dsn.await("large@remote.test");
        assertTrue(dsn.returned().contains("Subject: original subject"), dsn.returned());
        assertFalse(dsn.returned().contains("original body line"), "a message of megabytes is not carried back");
        assertTrue(dsn.envelope().data().length < 64 * 1024, "the report is small: " + dsn.envelope().data().length);
    }

    @Test
    void dsnParametersArePassedOnToANextHopThatSpeaksDsn() throws IOException {
        send("MAIL FROM:<pass@remote.test> RET=HDRS ENVID=abc", List.of("RCPT TO:<passed@remote.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;passed@remote.test"));
        var got = RelayPipelineTest.awaitDeliveryTo("passed@remote.test");
        assertTrue(got.mailParams().strip().matches("SIZE=\\d+ RET=HDRS ENVID=abc"), got.mailParams());
        assertTrue(MailWorld.mx.commandLog().contains("RCPT TO:<passed@remote.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;passed@remote.test"),
                MailWorld.mx.commandLog().toString());
    }

    @Test
    void successReportSaysRelayedWhenTheNextHopDoesNotSpeakDsn() throws IOException {
        send("MAIL FROM:<relayed@remote.test>", List.of("RCPT TO:<user@nodsn.test> NOTIFY=SUCCESS"));
        Dsn dsn = Dsn.await("relayed@remote.test");
        assertTrue(dsn.deliveryStatus().contains("Action: relayed"), dsn.deliveryStatus());
        assertTrue(MailWorld.noDsnHop.commandLog().stream().noneMatch(l -> l.contains("NOTIFY=")), "no DSN parameters to a non-DSN server");
    }

    @Test
    void successReportForLocalDeliveryWhenAsked() throws IOException {
        send("MAIL FROM:<happy@remote.test>", List.of("RCPT TO:<box@example.com> NOTIFY=SUCCESS"));
        Dsn dsn = Dsn.await("happy@remote.test");
        assertTrue(dsn.deliveryStatus().contains("Action: delivered"), dsn.deliveryStatus());
        assertTrue(dsn.deliveryStatus().contains("Status: 2.0.0"), dsn.deliveryStatus());
    }

    @Test
    void aCopyStillQueuedAtExpiryIsBouncedWithItsLastReply() {
        String id = "EXPIRED" + System.nanoTime();
        Map<String, Object> headers = new HashMap<>();
        long now = System.currentTimeMillis();
        new Envelope(id, MailAddress.parse("expiry@remote.test"), List.of(MailAddress.parse("late@remote.test")), "7BIT", "default",
                "127.0.0.1", "client.test", now - 10_000, now - 1, 3).writeTo(headers);
        headers.put("CaravanSendConnector", "internet");
        headers.put("CaravanNextHop", "remote.test");
        headers.put("CaravanLastReply", "451 4.7.1 Greylisted, try again later");
        headers.put("_AMQ_DUPL_ID", id);
        producer.sendBodyAndHeaders("jms:queue:caravan.delivery?jmsMessageType=Bytes", MESSAGE, headers);
        Dsn dsn = Dsn.await("expiry@remote.test");
        assertTrue(dsn.deliveryStatus().contains("Status: 5.4.7"), dsn.deliveryStatus());
        assertTrue(dsn.deliveryStatus().contains("Greylisted"), dsn.deliveryStatus());
        assertTrue(MailWorld.mx.received().stream().noneMatch(m -> m.rcptTo().contains("late@remote.test")), "an expired copy is not delivered");
    }

    @Test
    void aDelayNoticeIsSentOnceWhileRetriesGoOn() throws Exception {
        send("MAIL FROM:<delay@remote.test>", List.of("RCPT TO:<user@stuck.test>"));
        Dsn dsn = Dsn.await("delay@remote.test");
        assertEquals("Delayed Mail (still being retried)", dsn.message().getHeader("Subject", null));
        assertTrue(dsn.deliveryStatus().contains("Action: delayed"), dsn.deliveryStatus());
        assertTrue(dsn.deliveryStatus().contains("Status: 4.4.3"), dsn.deliveryStatus());
        assertTrue(dsn.deliveryStatus().contains("Will-Retry-Until: "), dsn.deliveryStatus());
        int lookups = MailWorld.dns.queryCount("stuck.test", Type.MX);
        Await.until(() -> MailWorld.dns.queryCount("stuck.test", Type.MX) >= lookups + 3, Duration.ofSeconds(30), "three more retries");
        assertEquals(1, MailWorld.mx.received().stream().filter(m -> m.rcptTo().contains("delay@remote.test")).count());
    }
}
