// CaravanMailSender behind Caravan's smtp component: the endpoint's host, port and options are the ones used.
package io.caravan.delivery;

import io.caravan.mail.Envelope;
import io.caravan.mail.MailAddress;
import io.caravan.mail.RawMessage;
import io.caravan.mail.SmtpReply;
import io.caravan.testing.RecordingSmtpServer;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class CaravanMailSenderTest {

    private static final byte[] BYTES = "Subject: s\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII);

    private final RecordingSmtpServer one = RecordingSmtpServer.start().noTls();
    private final RecordingSmtpServer two = RecordingSmtpServer.start().noTls();
    private final SmtpConnectionPool pool = new SmtpConnectionPool();
    private final DefaultCamelContext camel = new DefaultCamelContext();
    private ProducerTemplate producer;

    @BeforeEach
    void start() {
        camel.addComponent("smtp", SmtpComponent.create(camel, "caravan.test", TestDeliveryConfig.defaults(), pool));
        camel.start();
        producer = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        camel.stop();
        pool.shutdown();
        one.close();
        two.close();
    }

    private static OutboundMessage message(String... rcpts) {
        Envelope envelope = new Envelope("Q1SEND", MailAddress.parse("from@origin.test"),
                List.of(rcpts).stream().map(MailAddress::parse).toList(), "7BIT", "default", "192.0.2.1", "c.test", 0, Long.MAX_VALUE, 0);
        return new OutboundMessage(RawMessage.of(BYTES), envelope, envelope.recipients());
    }

    private Exchange send(String uri, OutboundMessage message, Map<String, Object> headers) {
        return producer.send(uri, ex -> {
            ex.getIn().setBody(message);
            ex.getIn().getHeaders().putAll(headers);
        });
    }

    @Test
    void theEndpointsHostAndPortAreTheOnesConnectedTo() {
        Exchange done = send("smtp://127.0.0.1:" + two.port(), message("bob@remote.test"), Map.of());

        assertNull(done.getException());
        RecordingSmtpServer.Received got = two.awaitMessage(Duration.ofSeconds(10));
        assertEquals("from@origin.test", got.mailFrom());
        assertEquals(List.of("bob@remote.test"), got.rcptTo());
        assertArrayEquals(BYTES, got.data());
        assertEquals(0, one.connections());
    }

    @Test
    void theComponentsDefaultsNameUsInEhlo() {
        send("smtp://127.0.0.1:" + one.port(), message("bob@remote.test"), Map.of());

        assertEquals("caravan.test", one.awaitMessage(Duration.ofSeconds(10)).helo());
    }

    @Test
    void aMailOptionOfTheUriIsUsedByThatEndpointOnly() {
        send("smtp://127.0.0.1:" + one.port() + "?mail.smtp.localhost=uri.test", message("bob@remote.test"), Map.of());
        send("smtp://127.0.0.1:" + two.port(), message("bob@remote.test"), Map.of());

        assertEquals("uri.test", one.awaitMessage(Duration.ofSeconds(10)).helo());
        assertEquals("caravan.test", two.awaitMessage(Duration.ofSeconds(10)).helo());
    }

    @Test
    void theNextCopyToTheSameHostReusesTheConnection() {
        String uri = "smtp://127.0.0.1:" + one.port();
        send(uri, message("a@remote.test"), Map.of());
        send(uri, message("b@remote.test"), Map.of());

        assertEquals(List.of("a@remote.test"), one.awaitMessage(Duration.ofSeconds(10)).rcptTo());
        assertEquals(List.of("b@remote.test"), one.awaitMessage(Duration.ofSeconds(10)).rcptTo());
        assertEquals(1, one.connections());
    }

    @Test
    void aMailSmtpHeaderStillGetsACaravanSenderForTheEndpointsHost() {
        // Camel Mail builds a fresh sender when the exchange carries mail.smtp.* headers; it must still be ours.
        OutboundMessage message = message("bob@remote.test");
        Exchange done = send("smtp://127.0.0.1:" + one.port(), message, Map.of("mail.smtp.localhost", "header.test"));

        assertNull(done.getException());
        RecordingSmtpServer.Received got = one.awaitMessage(Duration.ofSeconds(10));
        assertEquals("header.test", got.helo());
        assertEquals(List.of("bob@remote.test"), got.rcptTo());
        assertTrue(message.lastServerResponse().startsWith("250"), message.lastServerResponse());
    }

    @Test
    void theFinalReplyIsKeptAndWhatTheHostAnnouncedIsNegotiated() {
        one.onData("250 2.0.0 Ok: queued as ABC123");
        OutboundMessage message = message("bob@remote.test");

        send("smtp://127.0.0.1:" + one.port(), message, Map.of());

        assertEquals("250 2.0.0 Ok: queued as ABC123", message.lastServerResponse().strip());
        assertTrue(message.dsnPassedOn(), "the recorder announces DSN");
    }

    @Test
    void aRefusalInUtf8KeepsTheTextAsTheHostSentIt() {
        String refusal = "550 5.1.1 <j\u00f6rg@remote.test>: Mailbox unknown";
        one.onRcpt("j\u00f6rg@remote.test", refusal);
        MailAddress joerg = MailAddress.parse("j\u00f6rg@remote.test");

        Exchange done = send("smtp://127.0.0.1:" + one.port(), message(joerg.address()), Map.of());

        assertNotNull(done.getException());
        assertEquals(SmtpReply.parse(refusal), AttemptOutcomes.from(done.getException(), List.of(joerg), "h").get(0).reply());
    }

    @Test
    void aFinalReplyInUtf8IsKeptAsTheHostSentIt() {
        one.onData("250 2.0.0 Ok: queued for j\u00f6rg, \u00e9t\u00e9 \u2713");
        OutboundMessage message = message("bob@remote.test");

        send("smtp://127.0.0.1:" + one.port(), message, Map.of());

        assertEquals("250 2.0.0 Ok: queued for j\u00f6rg, \u00e9t\u00e9 \u2713", message.lastServerResponse().strip());
    }

    @Test
    void aRefusedConnectionFailsTheExchangeForTheRouteToCatch() {
        one.stop();

        Exchange done = send("smtp://127.0.0.1:" + one.port(), message("bob@remote.test"), Map.of());

        assertNotNull(done.getException());
        assertTrue(AttemptOutcomes.from(done.getException(), List.of(MailAddress.parse("bob@remote.test")), "h").get(0).reply().isTransient());
    }
    @Test
    void mailFromCarriesTheMessageSizeToAHostThatAnnouncesSize() {
        one.extensions("SIZE 52428800", "8BITMIME");

        send("smtp://127.0.0.1:" + one.port(), message("bob@remote.test"), Map.of());

        assertEquals("SIZE=" + BYTES.length, one.awaitMessage(Duration.ofSeconds(10)).mailParams());
    }

    @Test
    void mailFromCarriesNoSizeToAHostThatDoesNotAnnounceIt() {
        one.extensions("8BITMIME");

        send("smtp://127.0.0.1:" + one.port(), message("bob@remote.test"), Map.of());

        assertFalse(one.awaitMessage(Duration.ofSeconds(10)).mailParams().contains("SIZE"));
    }

    @Test
    void aMessageLargerThanTheAnnouncedLimitIsRefusedBeforeMailFromAndTheConnectionKept() {
        one.extensions("SIZE " + (BYTES.length - 1));
        String uri = "smtp://127.0.0.1:" + one.port();

        Exchange done = send(uri, message("bob@remote.test"), Map.of());

        CaravanMailSender.MessageTooBig big = assertInstanceOf(CaravanMailSender.MessageTooBig.class, done.getException());
        assertEquals(BYTES.length, big.size());
        assertEquals(BYTES.length - 1, big.limit());
        assertTrue(one.commandLog().stream().noneMatch(l -> l.startsWith("MAIL")), one.commandLog().toString());
        one.extensions("SIZE"); // a later EHLO would say so; this connection still knows the old limit
        send(uri, message("carol@remote.test"), Map.of());
        assertEquals(1, one.connections(), "the session was left clean, so it was reused");
    }

    @Test
    void sizeWithoutANumberOrZeroMeansNoFixedLimit() {
        one.extensions("SIZE");
        two.extensions("SIZE 0");

        Exchange a = send("smtp://127.0.0.1:" + one.port(), message("bob@remote.test"), Map.of());
        Exchange b = send("smtp://127.0.0.1:" + two.port(), message("bob@remote.test"), Map.of());

        assertNull(a.getException());
        assertNull(b.getException());
        assertEquals("SIZE=" + BYTES.length, one.awaitMessage(Duration.ofSeconds(10)).mailParams());
        assertEquals("SIZE=" + BYTES.length, two.awaitMessage(Duration.ofSeconds(10)).mailParams());
    }

    @Test
    void theAnnouncedLimitIsReadFromTheSizeParameter() {
        assertEquals(33554432, CaravanMailSender.sizeLimit("33554432"));
        assertEquals(0, CaravanMailSender.sizeLimit(""));
        assertEquals(0, CaravanMailSender.sizeLimit(null));
        assertEquals(0, CaravanMailSender.sizeLimit("0"));
        assertEquals(0, CaravanMailSender.sizeLimit("lots"));
    }
}
