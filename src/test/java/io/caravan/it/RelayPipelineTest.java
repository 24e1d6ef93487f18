// End to end over real sockets: SMTP in, Artemis, categorize, Camel Mail out to a recording server found by MX.
package io.caravan.it;

import io.caravan.mail.RawMessage;
import io.caravan.queue.MessageSpool;
import io.caravan.queue.PlainMessages;
import io.caravan.receive.ReceiveConnectorComponent;
import io.caravan.testing.RecordingSmtpServer.Received;
import io.caravan.testing.SmtpTestClient;
import io.caravan.testing.TrackingLog;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.jms.JmsComponent;
import org.junit.jupiter.api.Test;
import org.springframework.jms.connection.CachingConnectionFactory;
import org.xbill.DNS.Type;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

@QuarkusTest
@QuarkusTestResource(value = MailWorld.class, restrictToAnnotatedClass = false)
class RelayPipelineTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    org.apache.camel.CamelContext camel;

    @Inject
    ConnectionFactory jms;

    @Inject
    MessageSpool spool;

    @Inject
    ConsumerTemplate consumer;

    int port(String connector) {
        return camel.getComponent("receive-connector", ReceiveConnectorComponent.class).boundPort(connector).orElseThrow();
    }

    @Inject
    @Named("caravanConnectionFactory")
    CachingConnectionFactory caravanConnections;

    @Test
    void theReceiveTransactionBindsTheFactoryTheJmsStepsSendThrough() {
        // QueueTransaction binds its session to this factory; a jms: step joins it only if it sends through the same one
        assertSame(caravanConnections, camel.getComponent("jms", JmsComponent.class)
                .getConfiguration().getConnectionFactory());
    }

    @Test
    void everyStageThatConsumesAQueueWorksOnPlainMessages() {
        for (String route : List.of("30-categorize-submission", "50-delivery", "60-bounce")) {
            assertTrue(camel.getRoute(route).getRoutePolicyList().stream().anyMatch(p -> p.getClass().getEnclosingClass() == PlainMessages.class),
                    route + " has " + camel.getRoute(route).getRoutePolicyList());
        }
    }

    static String queueId(SmtpTestClient.Reply reply) {
        assertEquals(250, reply.code(), reply.text());
        assertTrue(reply.last().startsWith("250 2.0.0 Ok: queued as "), reply.text());
        return reply.last().substring("250 2.0.0 Ok: queued as ".length()).strip();
    }

    static Received awaitDeliveryTo(String rcpt) {
        return Await.until(() -> MailWorld.mx.received().stream().filter(m -> m.rcptTo().contains(rcpt)).findFirst().orElse(null),
                WAIT, "delivery to " + rcpt);
    }

    /** The bytes after our Received field, which must be exactly what the client sent. */
    static byte[] afterReceivedField(byte[] data) {
        String s = new String(data, StandardCharsets.ISO_8859_1);
        assertTrue(s.startsWith("Received: from "), s);
        int i = 0;
        do {
            i = s.indexOf("\r\n", i) + 2;
        } while (s.charAt(i) == '\t' || s.charAt(i) == ' ');
        return Arrays.copyOfRange(data, i, data.length);
    }

    @Test
    void relaysWithTheSmtpEnvelopeAndByteIdenticalBody() throws IOException {
        byte[] original = ("From: Alice <alice@origin.test>\r\n"
                + "To: only-in-header@remote.test\r\n"
                + "Bcc: bcc-only@remote.test\r\n"
                + "Content-Length: 99\r\n"
                + "Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=\r\n"
                + "\r\n"
                + "Grüße aus dem Test\r\n"
                + ".a line that starts with a dot\r\n"
                + "..two dots\r\n"
                + "trailing spaces   \r\n"
                + "\r\n"
                + "x".repeat(990) + "\r\n").getBytes(StandardCharsets.UTF_8);
        String id;
        try (SmtpTestClient c = SmtpTestClient.connect(port("default"))) {
            id = queueId(c.sendMessage("alice@origin.test", List.of("to@remote.test", "bcc-only@remote.test"), original));
        }
        Received got = awaitDeliveryTo("bcc-only@remote.test");
        assertEquals("alice@origin.test", got.mailFrom());
        assertEquals(List.of("to@remote.test", "bcc-only@remote.test"), got.rcptTo());
        assertEquals("caravan.test", got.helo());
        assertArrayEquals(original, afterReceivedField(got.data()));
        String received = new String(got.data(), StandardCharsets.UTF_8);
        assertTrue(received.startsWith("Received: from "), received);
        assertTrue(received.contains("by caravan.test (Caravan) with ESMTP id " + id), received);
        assertTrue(MailWorld.mx.received().stream().noneMatch(m -> m.rcptTo().contains("only-in-header@remote.test")),
                "an address only in a header field must not be delivered to");
    }

    @Test
    void messagesEitherSideOfTheLargeMessageSizeAreRelayedByteIdentical() throws IOException {
        for (int kib : new int[] {300, 3 * 1024}) { // a plain journal record; an Artemis large message
            StringBuilder text = new StringBuilder("From: <a@origin.test>\r\nSubject: " + kib + " KiB\r\n\r\n");
            for (int line = 0; text.length() < kib * 1024; line++) {
                text.append(line % 50 == 0 ? "." : "").append(Integer.toString(line, 36).repeat(19)).append("\r\n");
            }
            byte[] original = text.toString().getBytes(StandardCharsets.US_ASCII);
            try (SmtpTestClient c = SmtpTestClient.connect(port("default"))) {
                queueId(c.sendMessage("a@origin.test", List.of("size" + kib + "@remote.test"), original));
            }
            assertArrayEquals(original, afterReceivedField(awaitDeliveryTo("size" + kib + "@remote.test").data()), kib + " KiB");
        }
        Await.until(() -> spoolFiles() == 0 ? true : null, WAIT, "an empty spool once delivered");
    }

    @Test
    void aLargeMessageCrossesAQueueAsASpoolFileNeverWholeInTheHeap() throws Exception {
        StringBuilder text = new StringBuilder("Subject: spooled\r\n\r\n");
        for (int line = 0; text.length() < 3 * RawMessage.SPOOL_THRESHOLD; line++) {
            text.append(Integer.toString(line, 36).repeat(20)).append("\r\n");
        }
        byte[] original = text.toString().getBytes(StandardCharsets.US_ASCII);
        Path sentFile = Files.write(spool.newFile(), original);
        producer.sendBody("jms:queue:caravan.test.spooled?jmsMessageType=Bytes", RawMessage.spooled(sentFile));

        Exchange got = consumer.receive("jms:queue:caravan.test.spooled", WAIT.toMillis());
        RawMessage body = got.getIn().getBody(RawMessage.class);
        assertTrue(body.isSpooled(), "taken off the queue into a spool file: " + body);
        assertArrayEquals("Subject: spooled\r\n\r\n".getBytes(StandardCharsets.US_ASCII), body.head(), "only the header is in the heap");
        try (var in = body.open()) {
            assertArrayEquals(original, in.readAllBytes());
        }
        Path receivedFile = body.spoolFile().orElseThrow();
        assertNotEquals(sentFile, receivedFile);
        consumer.doneUoW(got);
        assertFalse(Files.exists(receivedFile), "the receiver's spool file goes when its exchange is done");
        Files.delete(sentFile);
    }

    @Test
    void aClientThatGoesAwayMidDataLeavesNothingInTheSpool() throws IOException {
        Await.until(() -> spoolFiles() == 0 ? true : null, WAIT, "an empty spool to start from");
        byte[] line = ("x".repeat(998) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        try (SmtpTestClient c = SmtpTestClient.connect(port("default"))) {
            assertEquals(250, c.command("EHLO client.test").code());
            assertEquals(250, c.command("MAIL FROM:<a@origin.test>").code());
            assertEquals(250, c.command("RCPT TO:<never-finished@remote.test>").code());
            assertEquals(354, c.command("DATA").code());
            for (int i = 0; i < 2 * RawMessage.SPOOL_THRESHOLD / line.length; i++) {
                c.sendBytes(line);
            }
            Await.until(() -> spoolFiles() > 0 ? true : null, WAIT, "the message being received spooled");
        } // the client closes without the final dot
        Await.until(() -> spoolFiles() == 0 ? true : null, WAIT, "an empty spool once the client has gone");
        assertTrue(MailWorld.mx.received().stream().noneMatch(m -> m.rcptTo().contains("never-finished@remote.test")));
    }

    long spoolFiles() {
        if (!Files.isDirectory(spool.directory())) {
            return 0;
        }
        try (Stream<Path> files = Files.list(spool.directory())) {
            return files.count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void mailUpToOneMebibyteTravelsAsOrdinaryBrokerMessages() {
        ConnectionFactory target = caravanConnections.getTargetConnectionFactory();
        assertEquals(1024 * 1024, ((ActiveMQConnectionFactory) ClientProxy.unwrap(target)).getMinLargeMessageSize());
    }

    @Test
    void nullSenderIsRelayedAsNullSender() throws IOException {
        try (SmtpTestClient c = SmtpTestClient.connect(port("default"))) {
            queueId(c.sendMessage("", List.of("nullsender@remote.test"), "Subject: bounce\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII)));
        }
        assertEquals("", awaitDeliveryTo("nullsender@remote.test").mailFrom());
    }

    @Test
    void copiesToTheSameNextHopShareOneConnection() throws IOException {
        List<Integer> connections = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            try (SmtpTestClient c = SmtpTestClient.connect(port("default"))) {
                queueId(c.sendMessage("a@origin.test", List.of("reuse" + i + "@remote.test"), "Subject: r\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII)));
            }
            connections.add(awaitDeliveryTo("reuse" + i + "@remote.test").connectionNumber());
        }
        assertEquals(1, connections.stream().distinct().count(), "one SMTP session carried all three: " + connections);
    }

    @Test
    void aPooledConnectionTheServerClosedIsReplacedWithoutADeferral() throws IOException {
        String first;
        try (SmtpTestClient c = SmtpTestClient.connect(port("default"))) {
            first = queueId(c.sendMessage("a@origin.test", List.of("gone1@remote.test"), "Subject: g\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII)));
        }
        int pooled = awaitDeliveryTo("gone1@remote.test").connectionNumber();
        Await.until(() -> !TrackingLog.events(first, "DELIVERED").isEmpty(), WAIT, "delivery of " + first);
        MailWorld.mx.dropSessions(); // as a server does at its idle timeout, while our side still holds the connection

        String second;
        try (SmtpTestClient c = SmtpTestClient.connect(port("default"))) {
            second = queueId(c.sendMessage("a@origin.test", List.of("gone2@remote.test"), "Subject: g\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII)));
        }
        assertNotEquals(pooled, awaitDeliveryTo("gone2@remote.test").connectionNumber(), "a new connection carried the second copy");
        assertTrue(TrackingLog.events(second, "DEFERRED").isEmpty(), TrackingLog.events(second).toString());
    }

    @Test
    void triesTheNextMxWhenTheFirstRefusesConnections() throws IOException {
        try (SmtpTestClient c = SmtpTestClient.connect(port("default"))) {
            queueId(c.sendMessage("a@origin.test", List.of("user@fallback.test"), "Subject: fb\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII)));
        }
        assertEquals(List.of("user@fallback.test"), awaitDeliveryTo("user@fallback.test").rcptTo());
    }

    @Test
    void deliversToTheAddressRecordWhenThereIsNoMx() throws IOException {
        try (SmtpTestClient c = SmtpTestClient.connect(port("default"))) {
            queueId(c.sendMessage("a@origin.test", List.of("user@implicit.test"), "Subject: a\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII)));
        }
        awaitDeliveryTo("user@implicit.test");
    }

    @Test
    void oneRecipientRefusedDoesNotFailTheOther() throws IOException {
        MailWorld.mx.onRcpt("unknown@remote.test", "550 5.1.1 <unknown@remote.test>: Recipient address rejected");
        try (SmtpTestClient c = SmtpTestClient.connect(port("default"))) {
            queueId(c.sendMessage("two@remote.test", List.of("known@remote.test", "unknown@remote.test"),
                    "Subject: two\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII)));
        }
        assertEquals(List.of("known@remote.test"), awaitDeliveryTo("known@remote.test").rcptTo());
        assertTrue(Dsn.await("two@remote.test").deliveryStatus().contains("Final-Recipient: rfc822; unknown@remote.test"));
    }

    @Test
    void temporaryFailureIsRetriedOnTheScheduleAndThenDelivered() throws IOException {
        MailWorld.mx.failFirst(1, "451 4.3.0 Try again later");
        try (SmtpTestClient c = SmtpTestClient.connect(port("default"))) {
            queueId(c.sendMessage("a@origin.test", List.of("later@remote.test"), "Subject: later\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII)));
        }
        assertEquals(List.of("later@remote.test"), awaitDeliveryTo("later@remote.test").rcptTo());
    }

    @Test
    void nullMxIsAPermanentFailure() throws IOException {
        try (SmtpTestClient c = SmtpTestClient.connect(port("default"))) {
            queueId(c.sendMessage("nullmx-sender@remote.test", List.of("user@nullmx.test"), "Subject: n\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII)));
        }
        String status = Dsn.await("nullmx-sender@remote.test").deliveryStatus();
        assertTrue(status.contains("Status: 5.1.10"), status);
        assertFalse(status.contains("Remote-MTA"), "a DNS failure is ours to report, not a remote server's: " + status);
    }

    @Test
    void dnsServfailIsRetriedNotBounced() throws IOException {
        String id;
        try (SmtpTestClient c = SmtpTestClient.connect(port("default"))) {
            id = queueId(c.sendMessage("a@origin.test", List.of("user@broken.test"), "Subject: s\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII)));
        }
        Await.until(() -> MailWorld.dns.queryCount("broken.test", Type.MX) >= 3, WAIT, "three MX lookups of broken.test (retries)");
        assertTrue(MailWorld.mx.received().stream().noneMatch(m -> m.rcptTo().contains("a@origin.test")),
                "a DNS SERVFAIL must never bounce");
        assertTrue(TrackingLog.events(id, "FAILED").isEmpty(), TrackingLog.events(id).toString());
    }

    @Test
    void aDnsServerThatNeverAnswersDefersNotBounces() throws IOException {
        String id;
        try (SmtpTestClient c = SmtpTestClient.connect(port("default"))) {
            id = queueId(c.sendMessage("a@origin.test", List.of("user@silent.test"), "Subject: s\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII)));
        }
        Await.until(() -> TrackingLog.events(id, "DEFERRED").size() >= 2, WAIT, "two deferrals of " + id);
        assertTrue(TrackingLog.events(id, "FAILED").isEmpty(), TrackingLog.events(id).toString());
        assertTrue(TrackingLog.events(id, "DEFERRED").stream().anyMatch(e -> e.getString("reply").contains("4.4.3")), TrackingLog.events(id).toString());
    }

    @Test
    void mailForAnAcceptedDomainLandsInTheMaildir() throws IOException {
        String id;
        try (SmtpTestClient c = SmtpTestClient.connect(port("edge"))) {
            id = queueId(c.sendMessage("someone@origin.test", List.of("Local.User@Example.com"),
                    "Subject: local\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII)));
        }
        Path box = Path.of(System.getProperty("user.dir")).resolve(dataDir()).resolve("maildir/example.com/local.user/new");
        Path file = Await.until(() -> list(box).filter(p -> p.getFileName().toString().contains(id)).findFirst().orElse(null),
                WAIT, "a maildir file in " + box);
        String content = Files.readString(file);
        assertTrue(content.startsWith("Return-Path: <someone@origin.test>\r\nDelivered-To: Local.User@Example.com\r\n"), content);
        assertTrue(content.contains("\r\nReceived: from "), content);
        assertTrue(content.endsWith("\r\nSubject: local\r\n\r\nhello\r\n"), content);
    }

    @Test
    void oneTransactionForTwoNextHopsIsRoutedBeforeThe250AndReachesBoth() throws IOException {
        String id;
        try (SmtpTestClient c = SmtpTestClient.connect(port("default"))) {
            id = queueId(c.sendMessage("someone@origin.test", List.of("Two.Hops@Example.com", "two-hops@remote.test"),
                    "Subject: two hops\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII)));
        }
        awaitDeliveryTo("two-hops@remote.test");
        Path box = Path.of(System.getProperty("user.dir")).resolve(dataDir()).resolve("maildir/example.com/two.hops/new");
        Await.until(() -> list(box).filter(p -> p.getFileName().toString().contains(id)).findFirst().orElse(null), WAIT, "a maildir file in " + box);
        List<String> events = Await.until(() -> {
            List<String> seen = TrackingLog.names(id);
            return seen.stream().filter("DELIVERED"::equals).count() == 2 ? seen : null;
        }, WAIT, "two DELIVERED events for " + id);
        assertEquals("RECEIVED", events.get(0), "routed before the 250, tracked after it: " + events);
        assertEquals(2, events.stream().filter("ROUTED"::equals).count(), events.toString());
    }

    static String dataDir() {
        return org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("caravan.data-dir", String.class);
    }

    static Stream<Path> list(Path dir) {
        try {
            return Files.isDirectory(dir) ? Files.list(dir).toList().stream() : Stream.empty();
        } catch (IOException e) {
            return Stream.empty();
        }
    }

    @Inject
    ProducerTemplate producer;

    @Test
    void aSubmissionEnqueuedTwiceWithTheSameQueueIdIsDeliveredOnce() throws IOException {
        String id = "DUPTEST" + System.nanoTime();
        Map<String, Object> headers = new java.util.HashMap<>();
        new io.caravan.mail.Envelope(id, io.caravan.mail.MailAddress.parse("a@origin.test"),
                List.of(io.caravan.mail.MailAddress.parse("dup@remote.test")), "7BIT", "default", "127.0.0.1", "client.test",
                System.currentTimeMillis(), System.currentTimeMillis() + 3_600_000, 0).writeTo(headers);
        headers.put("_AMQ_DUPL_ID", id);
        byte[] body = "Subject: dup\r\n\r\nonce\r\n".getBytes(StandardCharsets.US_ASCII);
        producer.sendBodyAndHeaders("jms:queue:caravan.submission?jmsMessageType=Bytes", body, headers);
        producer.sendBodyAndHeaders("jms:queue:caravan.submission?jmsMessageType=Bytes", body, headers);
        awaitDeliveryTo("dup@remote.test");
        try (SmtpTestClient c = SmtpTestClient.connect(port("default"))) {
            queueId(c.sendMessage("a@origin.test", List.of("after-dup@remote.test"), body));
        }
        awaitDeliveryTo("after-dup@remote.test");
        assertEquals(1, MailWorld.mx.received().stream().filter(m -> m.rcptTo().contains("dup@remote.test")).count());
    }

    @Test
    void aMessageThatCrashesAStageEndsOnThePoisonQueueNotLost() {
        String marker = "poison-" + System.nanoTime();
        producer.sendBodyAndHeaders("jms:queue:caravan.submission?jmsMessageType=Bytes",
                "not a caravan message".getBytes(StandardCharsets.US_ASCII), Map.of("CaravanTestMarker", marker));
        Await.until(() -> !Queues.browse(jms, "caravan.poison", "CaravanTestMarker", marker).isEmpty(), WAIT,
                "the broken message on caravan.poison");
    }
}
