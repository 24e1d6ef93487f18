// Receive connector security over real sockets: relay matrix, TLS, AUTH, throttling, limits, SMTPUTF8, BDAT, back pressure.
package io.caravan.it;

import io.caravan.receive.ReceiveConnectorComponent;
import io.caravan.receive.hook.BackPressure;
import io.caravan.testing.RecordingSmtpServer.Received;
import io.caravan.testing.SmtpTestClient;
import io.caravan.testing.SmtpTestClient.Reply;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

@QuarkusTest
@QuarkusTestResource(value = MailWorld.class, restrictToAnnotatedClass = false)
class ReceiveSecurityTest {

    @Inject
    CamelContext camel;

    @Inject
    BackPressure backPressure;

    int port(String connector) {
        return camel.getComponent("receive-connector", ReceiveConnectorComponent.class).boundPort(connector).orElseThrow();
    }

    static String plain(String user, String password) {
        return Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** A submission session on the client connector: STARTTLS, EHLO again, AUTH PLAIN. */
    SmtpTestClient submission(String user) {
        SmtpTestClient c = SmtpTestClient.connect(port("client"));
        c.command("EHLO client.test");
        assertEquals(220, c.startTls().code());
        assertTrue(List.of("TLSv1.2", "TLSv1.3").contains(c.tlsProtocol()), c.tlsProtocol());
        Reply ehlo = c.command("EHLO client.test");
        assertTrue(ehlo.lines().contains("250-AUTH PLAIN LOGIN") || ehlo.lines().contains("250 AUTH PLAIN LOGIN"), ehlo.text());
        assertEquals("235 2.7.0 Authentication successful", c.command("AUTH PLAIN " + plain(user, MailWorld.PASSWORD)).last());
        return c;
    }

    @Test
    void openRelayMatrix() throws IOException {
        try (SmtpTestClient anonymous = SmtpTestClient.connect(port("edge"))) {
            anonymous.command("EHLO client.test");
            anonymous.command("MAIL FROM:<a@origin.test>");
            assertEquals(250, anonymous.command("RCPT TO:<user@example.com>").code(), "anonymous to an accepted domain");
            assertEquals(550, anonymous.command("RCPT TO:<user@remote.test>").code(), "anonymous to a remote domain");
        }
        try (SmtpTestClient relay = SmtpTestClient.connect(port("default"))) {
            relay.command("EHLO client.test");
            relay.command("MAIL FROM:<a@origin.test>");
            assertEquals(250, relay.command("RCPT TO:<user@example.com>").code(), "relay range to an accepted domain");
            assertEquals(250, relay.command("RCPT TO:<user@remote.test>").code(), "relay range to a remote domain");
        }
        try (SmtpTestClient authenticated = submission("relayer")) {
            authenticated.command("MAIL FROM:<anyone@origin.test>");
            assertEquals(250, authenticated.command("RCPT TO:<user@example.com>").code(), "authenticated to an accepted domain");
            assertEquals(250, authenticated.command("RCPT TO:<user@remote.test>").code(), "authenticated to a remote domain");
        }
        try (SmtpTestClient unauthenticated = SmtpTestClient.connect(port("client"))) {
            unauthenticated.command("EHLO client.test");
            unauthenticated.startTls();
            unauthenticated.command("EHLO client.test");
            assertEquals("530 5.7.0 Authentication required", unauthenticated.command("MAIL FROM:<a@origin.test>").last());
        }
    }

    @Test
    void submittedMailIsDeliveredWithTheAuthenticatedReceivedProtocol() throws IOException {
        try (SmtpTestClient c = submission("alice@example.com")) {
            RelayPipelineTest.queueId(c.sendMessage("alice@example.com", List.of("submitted@remote.test"),
                    "Subject: sub\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII)));
        }
        Received got = RelayPipelineTest.awaitDeliveryTo("submitted@remote.test");
        assertTrue(got.text().contains("with ESMTPSA id"), got.text());
    }

    @Test
    void beforeTlsThereIsNoAuthAndNoMail() throws IOException {
        try (SmtpTestClient c = SmtpTestClient.connect(port("client"))) {
            Reply ehlo = c.command("EHLO client.test");
            assertTrue(ehlo.lines().stream().anyMatch(l -> l.endsWith("STARTTLS")), ehlo.text());
            assertTrue(ehlo.lines().stream().noneMatch(l -> l.contains("AUTH")), "AUTH is not offered in plaintext: " + ehlo.text());
            assertEquals(538, c.command("AUTH PLAIN " + plain("alice@example.com", MailWorld.PASSWORD)).code());
            assertEquals("530 5.7.0 Must issue a STARTTLS command first", c.command("MAIL FROM:<alice@example.com>").last());
        }
    }

    @Test
    void plaintextPipelinedAfterStartTlsIsNeverExecuted() throws IOException {
        try (SmtpTestClient c = SmtpTestClient.connect(port("default"))) {
            c.command("EHLO client.test");
            c.send("STARTTLS\r\nMAIL FROM:<injected@origin.test>\r\n");
            assertEquals(220, c.readReply().code());
            c.startTlsAfter220();
            c.command("EHLO client.test");
            assertEquals("503 5.5.1 Error: need MAIL command", c.command("RCPT TO:<user@example.com>").last(),
                    "the injected MAIL FROM did not survive the TLS upgrade");
        }
    }

    @Test
    void authLoginWorksAndSendAsIsEnforced() throws IOException {
        try (SmtpTestClient c = SmtpTestClient.connect(port("client"))) {
            c.command("EHLO client.test");
            c.startTls();
            c.command("EHLO client.test");
            assertEquals("334 VXNlcm5hbWU6", c.command("AUTH LOGIN").last());
            assertEquals("334 UGFzc3dvcmQ6", c.command(Base64.getEncoder().encodeToString("alice@example.com".getBytes())).last());
            assertEquals(235, c.command(Base64.getEncoder().encodeToString(MailWorld.PASSWORD.getBytes())).code());
            assertEquals("550 5.7.1 Sender address <bob@example.com> is not owned by user alice@example.com",
                    c.command("MAIL FROM:<bob@example.com>").last());
            assertEquals(250, c.command("MAIL FROM:<alice@example.com>").code());
        }
    }

    @Test
    void repeatedAuthFailuresLockTheClientAddressOut() throws IOException {
        try (SmtpTestClient c = SmtpTestClient.connectFrom("127.0.0.3", port("smtps"))) {
            fail("plaintext to an implicit-TLS port must not get a banner: " + c.greeting());
        } catch (RuntimeException expected) {
            // the implicit-TLS port speaks TLS first
        }
        try (SmtpTestClient c = SmtpTestClient.connectFrom("127.0.0.2", port("client"))) {
            c.command("EHLO client.test");
            c.startTls();
            c.command("EHLO client.test");
            for (int i = 0; i < 3; i++) {
                assertEquals(535, c.command("AUTH PLAIN " + plain("alice@example.com", "wrong" + i)).code());
            }
            assertEquals("454 4.7.0 Too many failed authentication attempts, try again later",
                    c.command("AUTH PLAIN " + plain("alice@example.com", MailWorld.PASSWORD)).last(),
                    "locked out even with the right password");
        }
    }

    @Test
    void implicitTlsConnectorSpeaksTlsFromTheFirstByte() throws IOException {
        try (SmtpTestClient c = SmtpTestClient.connectTls(port("smtps"))) {
            assertEquals("220 caravan.test ESMTP Caravan", c.greeting().last());
            Reply ehlo = c.command("EHLO client.test");
            assertTrue(ehlo.text().contains("AUTH PLAIN LOGIN"), ehlo.text());
            assertFalse(ehlo.text().contains("STARTTLS"), ehlo.text());
        }
    }

    @Test
    void remoteRangesKeepOtherAddressesOut() throws IOException {
        try (SmtpTestClient outsider = SmtpTestClient.connect(port("restricted"))) {
            assertEquals("554 5.7.1 Connections from 127.0.0.1 are not accepted here", outsider.greeting().last());
            assertTrue(outsider.isClosedByServer(Duration.ofSeconds(5)));
        }
        try (SmtpTestClient insider = SmtpTestClient.connectFrom("127.0.0.2", port("restricted"))) {
            assertEquals(220, insider.greeting().code());
        }
    }

    @Test
    void messagesPerMinutePerIpAreLimited() throws IOException {
        try (SmtpTestClient c = SmtpTestClient.connectFrom("127.0.0.4", port("tiny"))) {
            c.command("EHLO client.test");
            for (int i = 0; i < 2; i++) {
                assertEquals(250, c.command("MAIL FROM:<a@origin.test>").code());
                c.command("RSET");
            }
            assertTrue(c.command("MAIL FROM:<a@origin.test>").last().startsWith("450 4.7.1 Too much mail from 127.0.0.4"));
        }
    }

    @Test
    void internationalisedAddressesTravelEndToEnd() throws IOException {
        try (SmtpTestClient c = SmtpTestClient.connect(port("default"))) {
            c.command("EHLO client.test");
            assertEquals(553, c.command("MAIL FROM:<jürgen@remote.test>").code(), "non-ASCII needs SMTPUTF8");
            assertEquals(250, c.command("MAIL FROM:<jürgen@remote.test> SMTPUTF8").code());
            assertEquals(250, c.command("RCPT TO:<用户@remote.test>").code());
            assertEquals(354, c.command("DATA").code());
            assertTrue(c.command("Subject: utf8\r\n\r\nbody\r\n.").last().startsWith("250 2.0.0 Ok: queued as"));
        }
        Received got = Await.until(() -> MailWorld.mx.received().stream().filter(m -> m.mailFrom().startsWith("j") && m.mailFrom().endsWith("rgen@remote.test"))
                .findFirst().orElse(null), Duration.ofSeconds(30), "delivery from jürgen@remote.test");
        assertEquals(List.of("用户@remote.test"), got.rcptTo());
        assertEquals("jürgen@remote.test", got.mailFrom());
        assertTrue(got.mailParams().contains("SMTPUTF8"), got.mailParams());
        assertTrue(got.text().contains("with UTF8SMTP id"), got.text());
    }

    @Test
    void anInternationalisedAddressFailsClearlyAtANextHopWithoutSmtpUtf8() throws IOException {
        try (SmtpTestClient c = SmtpTestClient.connect(port("default"))) {
            c.command("EHLO client.test");
            c.command("MAIL FROM:<utf8-sender@remote.test> SMTPUTF8");
            c.command("RCPT TO:<用户@nodsn.test>");
            c.command("DATA");
            c.command("Subject: utf8\r\n\r\nbody\r\n.");
        }
        Dsn dsn = Dsn.await("utf8-sender@remote.test");
        assertTrue(dsn.deliveryStatus().contains("Status: 5.6.7"), dsn.deliveryStatus());
    }

    @Test
    void bdatChunksPipelinedInOnePacket() throws IOException {
        byte[] first = "Subject: chunks\r\n\r\nfirst part, ".getBytes(StandardCharsets.US_ASCII);
        byte[] second = "second part\r\n".getBytes(StandardCharsets.US_ASCII);
        try (SmtpTestClient c = SmtpTestClient.connect(port("default"))) {
            c.command("EHLO client.test");
            java.io.ByteArrayOutputStream packet = new java.io.ByteArrayOutputStream();
            packet.writeBytes(("MAIL FROM:<chunker@origin.test>\r\nRCPT TO:<chunked@remote.test>\r\nBDAT " + first.length + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            packet.writeBytes(first);
            packet.writeBytes(("BDAT " + second.length + " LAST\r\n").getBytes(StandardCharsets.US_ASCII));
            packet.writeBytes(second);
            packet.writeBytes("NOOP\r\n".getBytes(StandardCharsets.US_ASCII));
            c.sendBytes(packet.toByteArray());
            List<Reply> replies = c.readReplies(5);
            assertEquals(250, replies.get(0).code());
            assertEquals(250, replies.get(1).code());
            assertEquals("250 2.0.0 " + first.length + " octets received", replies.get(2).last());
            assertTrue(replies.get(3).last().startsWith("250 2.0.0 Ok: queued as"), replies.get(3).text());
            assertEquals("250 2.0.0 Ok", replies.get(4).last());
        }
        Received got = RelayPipelineTest.awaitDeliveryTo("chunked@remote.test");
        assertTrue(got.text().endsWith("\r\nSubject: chunks\r\n\r\nfirst part, second part\r\n"), got.text());
    }

    @Test
    void backPressureRefusesNewMailWith452AndLiftsByItself() throws IOException {
        try (SmtpTestClient c = SmtpTestClient.connect(port("edge"))) {
            c.command("EHLO client.test");
            backPressure.thresholds(Long.MAX_VALUE, 0); // no disk could have that much free space
            try {
                assertTrue(c.command("MAIL FROM:<a@origin.test>").last().startsWith("452 4.3.1 Insufficient system storage"));
            } finally {
                backPressure.thresholds(0, 0);
            }
            assertEquals(250, c.command("MAIL FROM:<a@origin.test>").code());
        }
    }

    @Test
    void aDeclaredSizeTheDiskCannotHoldNowIsDeferred() throws IOException {
        try (SmtpTestClient c = SmtpTestClient.connect(port("default"))) {
            c.command("EHLO client.test");
            // leave 60 MB of disk: room for a 20 MB message, which is on disk up to three times while it is queued
            backPressure.thresholds(backPressure.freeDisk() - 60L * 1024 * 1024, 0);
            try {
                assertEquals(250, c.command("MAIL FROM:<a@origin.test> SIZE=5000").code());
                c.command("RSET");
                assertEquals("452 4.3.1 Insufficient system storage for a message of 30000000 bytes now, try again later",
                        c.command("MAIL FROM:<a@origin.test> SIZE=30000000").last());
            } finally {
                backPressure.thresholds(0, 0);
            }
            assertEquals(250, c.command("MAIL FROM:<a@origin.test> SIZE=30000000").code());
        }
    }

    @Test
    void malformedUtf8InAnAddressIsRefusedAndNeverRewritten() throws IOException {
        try (SmtpTestClient c = SmtpTestClient.connect(port("default"))) {
            c.command("EHLO client.test");
            c.sendBytes(latin1("MAIL FROM:<s\u00ff@client.test> SMTPUTF8\r\n"));
            assertEquals("501 5.1.7 Bad sender address syntax: not valid UTF-8", c.readReply().last());
            assertEquals(250, c.command("MAIL FROM:<utf8-strict@origin.test> SMTPUTF8").code());
            c.sendBytes(latin1("RCPT TO:<bad\u00ff\u00feutf8@remote.test>\r\n"));
            assertEquals("501 5.1.3 Bad recipient address syntax: not valid UTF-8", c.readReply().last());
            assertEquals(250, c.command("RCPT TO:<strict-ok@remote.test>").code());
            assertEquals(354, c.command("DATA").code());
            assertTrue(c.command("Subject: strict\r\n\r\nbody\r\n.").last().startsWith("250 2.0.0 Ok: queued as"));
        }
        Received got = RelayPipelineTest.awaitDeliveryTo("strict-ok@remote.test");
        assertEquals(List.of("strict-ok@remote.test"), got.rcptTo(), "the refused recipient went nowhere, rewritten or not");
    }

    @Test
    void eightBitAddressesWithoutSmtpUtf8AreRefusedClearly() throws IOException {
        try (SmtpTestClient c = SmtpTestClient.connect(port("default"))) {
            c.command("EHLO client.test");
            c.sendBytes(latin1("MAIL FROM:<s\u00ff@client.test>\r\n"));
            assertEquals("501 5.1.7 Bad sender address syntax: not valid UTF-8", c.readReply().last());
            assertEquals("553 5.6.7 Non-ASCII sender address needs the SMTPUTF8 parameter", c.command("MAIL FROM:<jürgen@client.test>").last());
            assertEquals(250, c.command("MAIL FROM:<s@client.test>").code());
            assertEquals("553 5.6.7 Non-ASCII recipient address needs SMTPUTF8 in MAIL FROM", c.command("RCPT TO:<用户@remote.test>").last());
        }
    }

    private static byte[] latin1(String octets) {
        return octets.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void clientInitiatedTlsRenegotiationIsRefusedWhileTls12Works() throws IOException {
        try (SmtpTestClient c = SmtpTestClient.connect(port("default"))) {
            c.command("EHLO client.test");
            assertEquals(220, c.command("STARTTLS").code());
            c.startTlsAfter220("TLSv1.2");
            assertEquals("TLSv1.2", c.tlsProtocol());
            assertEquals(250, c.command("EHLO client.test").code(), "a normal TLS 1.2 session works");
            assertEquals("250 2.0.0 Ok", c.command("NOOP").last());
            assertThrows(java.io.UncheckedIOException.class, () -> {
                c.renegotiate();
                c.command("NOOP");
            }, "the second handshake is refused and the connection closed");
        }
    }
}
