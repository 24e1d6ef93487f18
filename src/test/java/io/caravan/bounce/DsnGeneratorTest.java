// DsnGenerator: which report copy becomes which report, from whom, to whom, and when none is owed.
package io.caravan.bounce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.config.CaravanConfig;
import io.caravan.config.Postmaster;
import io.caravan.config.ServerIdentity;
import io.caravan.delivery.DeliveryConfig;
import io.caravan.mail.Disposition;
import io.caravan.mail.CaravanHeaders;
import io.caravan.mail.DsnParameters;
import io.caravan.mail.DsnParameters.RecipientDsn;
import io.caravan.mail.Envelope;
import io.caravan.mail.MailAddress;
import io.caravan.mail.RawMessage;
import io.caravan.routing.SendConnectors;
import io.caravan.routing.SendConnectorsConfig;
import io.caravan.tracking.MessageEvents;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** The bean alone, with the configuration it reads stubbed; routes/60-bounce.yaml around it: routes/BounceRouteTest. */
class DsnGeneratorTest {

    private static final MailAddress ALICE = MailAddress.parse("alice@example.com");
    private static final MailAddress BOB = MailAddress.parse("bob@example.org");
    private static final MailAddress CAROL = MailAddress.parse("carol@example.org");
    private static final long ARRIVAL = Instant.parse("2026-12-01T10:00:00Z").toEpochMilli();
    private static final long EXPIRY = ARRIVAL + Duration.ofDays(5).toMillis();
    private static final byte[] ORIGINAL = "Subject: figures\r\nMessage-ID: <1@example.com>\r\n\r\nbody text\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    private final DefaultCamelContext camel = new DefaultCamelContext();

    private DsnGenerator generator(Optional<String> postmaster) {
        CaravanConfig config = config(postmaster);
        ServerIdentity identity = new ServerIdentity(config);
        DeliveryConfig delivery = (DeliveryConfig) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DeliveryConfig.class}, (p, m, a) -> switch (m.getName()) {
                    case "expiry" -> Duration.ofDays(5);
                    default -> throw new UnsupportedOperationException("DeliveryConfig." + m.getName());
                });
        SendConnectorsConfig connectors = () -> Map.of("mailbox", new Connector(List.of("example.org"), Optional.of("maildir")),
                "internet", new Connector(List.of("*"), Optional.empty()));
        return new DsnGenerator(identity, new Postmaster(config, identity), new MessageEvents(), delivery,
                new SendConnectors(connectors, config));
    }

    private DsnGenerator generator() {
        return generator(Optional.empty());
    }

    /** A report copy as the delivery stage leaves it on caravan.bounce. */
    private Exchange copy(MailAddress sender, List<MailAddress> rcpts, DsnParameters dsn, String disposition) {
        Exchange exchange = new DefaultExchange(camel);
        Message in = exchange.getIn();
        new Envelope("Q1ABC", sender, rcpts, "7BIT", "default", "192.0.2.9", "client.example.com", ARRIVAL, EXPIRY, 3, dsn)
                .writeTo(in.getHeaders());
        in.setHeader(CaravanHeaders.DISPOSITION, disposition);
        in.setHeader(CaravanHeaders.DUPLICATE_ID, "Q1ABC/mx.example.org");
        in.setHeader(CaravanHeaders.LAST_REPLY, "550 5.1.1 <bob@example.org>: Recipient address rejected");
        in.setHeader(CaravanHeaders.LAST_REPLY_REMOTE, true);
        in.setHeader(CaravanHeaders.LAST_HOST, "mx.example.org[192.0.2.25]:25");
        in.setHeader(CaravanHeaders.LAST_ATTEMPT, ARRIVAL + 60_000);
        in.setBody(RawMessage.of(ORIGINAL));
        return exchange;
    }

    private Exchange failedCopy() {
        return copy(ALICE, List.of(BOB), DsnParameters.NONE, Disposition.BOUNCE.wire());
    }

    private static MimeMessage parse(Message report) throws Exception {
        return DsnFixtures.parse(report.getBody(RawMessage.class).head());
    }

    private static String status(Message report) throws Exception {
        return DsnFixtures.deliveryStatus(report.getBody(RawMessage.class).head());
    }

    @Test
    void aFailedCopyBecomesOneReportFromTheNullSenderToTheEnvelopeSender() throws Exception {
        List<Message> reports = generator().report(failedCopy());

        assertEquals(1, reports.size());
        Envelope envelope = Envelope.readFrom(reports.get(0).getHeaders());
        assertTrue(envelope.mailFrom().isNullSender(), "a report is sent from <>");
        assertEquals(List.of(ALICE), envelope.recipients());
        assertEquals("bounce", envelope.receiveConnector());
        assertFalse(envelope.queueId().equals("Q1ABC"), "the report has a queue id of its own");
        assertEquals(EXPIRY - ARRIVAL, envelope.expiry() - envelope.arrival(), "a report expires like any message");
        MimeMessage dsn = parse(reports.get(0));
        assertEquals("Undelivered Mail Returned to Sender", dsn.getSubject());
        assertEquals("<alice@example.com>", dsn.getHeader("To")[0]);
        String status = status(reports.get(0));
        assertTrue(status.contains("Reporting-MTA: dns; mx1.example.com\r\n"), status);
        assertTrue(status.contains("X-Caravan-Queue-ID: Q1ABC\r\n"), status);
        assertTrue(status.contains("Final-Recipient: rfc822; bob@example.org\r\nAction: failed\r\nStatus: 5.1.1\r\n"), status);
        assertTrue(status.contains("Remote-MTA: dns; mx.example.org\r\n"), "the host name without address and port: " + status);
        assertTrue(status.contains("Diagnostic-Code: smtp; 550 5.1.1 <bob@example.org>: Recipient address rejected\r\n"), status);
    }

    @Test
    void reportsComeFromThePostmasterAtTheFirstAcceptedDomainUnlessOneIsConfigured() throws Exception {
        assertEquals("Mail Delivery System <postmaster@zeta.example>", parse(generator().report(failedCopy()).get(0)).getHeader("From")[0]);
        assertEquals("Mail Delivery System <hostmaster@example.net>",
                parse(generator(Optional.of("hostmaster@example.net")).report(failedCopy()).get(0)).getHeader("From")[0]);
    }

    @Test
    void aRedeliveredCopyGivesTheSameDuplicateIdSoOnlyOneReportIsQueued() {
        Message first = generator().report(failedCopy()).get(0);
        Message again = generator().report(failedCopy()).get(0);

        assertEquals("dsn/Q1ABC/mx.example.org", first.getHeader(CaravanHeaders.DUPLICATE_ID));
        assertEquals(first.getHeader(CaravanHeaders.DUPLICATE_ID), again.getHeader(CaravanHeaders.DUPLICATE_ID));
    }

    @Test
    void theNullSenderNeverGetsAReport() {
        assertEquals(List.of(), generator().report(copy(MailAddress.NULL_SENDER, List.of(BOB), DsnParameters.NONE, Disposition.BOUNCE.wire())));
    }

    @Test
    void recipientsWhoseNotifyExcludesTheEventAreLeftOutAndNoneLeftMeansNoReport() throws Exception {
        DsnParameters never = DsnParameters.NONE.with(BOB, new RecipientDsn("NEVER", null));
        assertEquals(List.of(), generator().report(copy(ALICE, List.of(BOB), never, Disposition.BOUNCE.wire())));

        List<Message> reports = generator().report(copy(ALICE, List.of(BOB, CAROL), never, Disposition.BOUNCE.wire()));
        String status = status(reports.get(0));
        assertFalse(status.contains("Final-Recipient: rfc822; bob@example.org"), status);
        assertTrue(status.contains("Final-Recipient: rfc822; carol@example.org"), status);
    }

    @Test
    void aDelayCopyBecomesADelayWarningThatSaysUntilWhenItIsRetried() throws Exception {
        Exchange delayed = copy(ALICE, List.of(BOB), DsnParameters.NONE, Disposition.DELAY.wire());
        delayed.getIn().setHeader(CaravanHeaders.LAST_REPLY, "451 4.4.1 Connection timed out");

        Message report = generator().report(delayed).get(0);

        assertEquals("Delayed Mail (still being retried)", parse(report).getSubject());
        String status = status(report);
        assertTrue(status.contains("Action: delayed\r\nStatus: 4.4.1\r\n"), status);
        assertTrue(status.contains("Will-Retry-Until: " + Fields.date(Instant.ofEpochMilli(EXPIRY))), status);
    }

    @Test
    void successIsReportedOnlyOnRequestAsDeliveredIntoAMaildirAndRelayedElsewhere() throws Exception {
        Exchange success = copy(ALICE, List.of(BOB), DsnParameters.NONE, Disposition.SUCCESS.wire());
        success.getIn().setHeader(CaravanHeaders.LAST_REPLY, "250 2.0.0 Ok");
        assertEquals(List.of(), generator().report(success), "no NOTIFY=SUCCESS, no success report");

        DsnParameters wantsSuccess = DsnParameters.NONE.with(BOB, new RecipientDsn("SUCCESS", null));
        Exchange relayed = copy(ALICE, List.of(BOB), wantsSuccess, Disposition.SUCCESS.wire());
        relayed.getIn().setHeader(CaravanHeaders.LAST_REPLY, "250 2.0.0 Ok");
        relayed.getIn().setHeader(CaravanHeaders.SEND_CONNECTOR, "internet");
        assertTrue(status(generator().report(relayed).get(0)).contains("Action: relayed\r\n"));

        Exchange delivered = copy(ALICE, List.of(BOB), wantsSuccess, Disposition.SUCCESS.wire());
        delivered.getIn().setHeader(CaravanHeaders.LAST_REPLY, "250 2.0.0 Ok");
        delivered.getIn().setHeader(CaravanHeaders.SEND_CONNECTOR, "mailbox");
        assertTrue(status(generator().report(delivered).get(0)).contains("Action: delivered\r\n"));
    }

    @Test
    void aCopyRemovedByTheAdministratorIsReportedAsFailedQuotingTheLastAttempt() throws Exception {
        Exchange removed = copy(ALICE, List.of(BOB), DsnParameters.NONE, Disposition.RETRY.wire());
        removed.getIn().setHeader(CaravanHeaders.LAST_REPLY, "451 4.4.1 Connection timed out");

        String status = status(generator().report(removed).get(0));

        assertTrue(status.contains("Action: failed\r\nStatus: 5.0.0\r\n"), status);
        assertTrue(status.contains("Diagnostic-Code: X-Caravan; 550 5.0.0 The message was removed from the queue by the mail"
                + " administrator; the last delivery attempt said: 451 4.4.1 Connection timed out"), status);
        assertFalse(status.contains("Remote-MTA"), status);
    }

    @Test
    void envidIsQuotedDecodedAndRetFullReturnsTheWholeMessage() throws Exception {
        DsnParameters dsn = new DsnParameters("FULL", "env+2B1", Map.of());

        Message report = generator().report(copy(ALICE, List.of(BOB), dsn, Disposition.BOUNCE.wire())).get(0);

        assertTrue(status(report).contains("Original-Envelope-Id: env+1\r\n"), status(report));
        Multipart parts = (Multipart) parse(report).getContent();
        assertTrue(parts.getBodyPart(2).isMimeType("message/rfc822"), parts.getBodyPart(2).getContentType());
        assertTrue(DsnFixtures.raw(parts.getBodyPart(2)).contains("body text"));
    }

    @Test
    void aReportIsSevenBitForAnAsciiOriginalAndEightBitMimeForAnEightBitOne() {
        assertEquals("7BIT", Envelope.readFrom(generator().report(failedCopy()).get(0).getHeaders()).bodyType());

        Exchange eightBit = failedCopy();
        eightBit.getIn().setBody(RawMessage.of("Subject: Gr\u00fc\u00dfe\r\n\r\nK\u00e4se\r\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals("8BITMIME", Envelope.readFrom(generator().report(eightBit).get(0).getHeaders()).bodyType());
    }

    /** caravan.hostname, accepted-domains and postmaster, as SmallRye Config would hand them over. */
    private static CaravanConfig config(Optional<String> postmaster) {
        return (CaravanConfig) Proxy.newProxyInstance(DsnGeneratorTest.class.getClassLoader(),
                new Class<?>[] {CaravanConfig.class}, (p, m, a) -> switch (m.getName()) {
                    case "hostname" -> Optional.of("mx1.example.com");
                    case "acceptedDomains" -> Optional.of(List.of("zeta.example", "alpha.example"));
                    case "postmaster" -> postmaster;
                    case "dataDir" -> "target/dsn-generator-test";
                    case "toString" -> "test CaravanConfig";
                    default -> throw new UnsupportedOperationException("CaravanConfig." + m.getName());
                });
    }

    private record Connector(List<String> addressSpaces, Optional<String> maildir) implements SendConnectorsConfig.SendConnector {
        @Override
        public Optional<List<String>> smarthosts() {
            return Optional.empty();
        }

        @Override
        public int port() {
            return 25;
        }
    }
}
