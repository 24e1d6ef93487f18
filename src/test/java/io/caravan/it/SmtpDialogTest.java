// The receive connector's SMTP dialog over a real socket: pipelining, limits, relay control, smuggling, bad input.
package io.caravan.it;

import io.caravan.receive.ReceiveConnectorComponent;
import io.caravan.testing.SmtpTestClient;
import io.caravan.testing.SmtpTestClient.Reply;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

@QuarkusTest
@QuarkusTestResource(value = MailWorld.class, restrictToAnnotatedClass = false)
class SmtpDialogTest {

    @Inject
    org.apache.camel.CamelContext camel;

    SmtpTestClient edge() {
        return SmtpTestClient.connect(camel.getComponent("receive-connector", ReceiveConnectorComponent.class).boundPort("edge").orElseThrow());
    }

    SmtpTestClient relay() {
        return SmtpTestClient.connect(camel.getComponent("receive-connector", ReceiveConnectorComponent.class).boundPort("default").orElseThrow());
    }

    @Test
    void greetsAndAnnouncesTheExtensions() throws IOException {
        try (SmtpTestClient c = edge()) {
            assertEquals("220 caravan.test ESMTP Caravan", c.greeting().last());
            Reply ehlo = c.command("EHLO client.test");
            assertEquals(List.of("250-caravan.test", "250-PIPELINING", "250-SIZE 4096", "250-8BITMIME", "250-ENHANCEDSTATUSCODES", "250-DSN", "250-SMTPUTF8", "250 CHUNKING"), ehlo.lines());
            assertEquals("250 caravan.test", c.command("HELO client.test").last());
            assertEquals(252, c.command("VRFY someone").code());
            assertEquals(214, c.command("HELP").code());
            assertEquals("502 5.5.1 STARTTLS not available", c.command("STARTTLS").last());
            assertEquals("502 5.5.1 AUTH not available on this connector", c.command("AUTH PLAIN AGFsaWNlAHg=").last());
            assertEquals("250 2.0.0 Ok", c.command("NOOP").last());
            assertEquals("221 2.0.0 Bye", c.command("QUIT").last());
            assertTrue(c.isClosedByServer(Duration.ofSeconds(5)));
        }
    }

    @Test
    void pipelinedTransactionInOnePacketIsAnsweredInOrder() throws IOException {
        try (SmtpTestClient c = edge()) {
            c.greeting();
            c.send("EHLO pipe.test\r\nMAIL FROM:<p@origin.test>\r\nRCPT TO:<pipe@example.com>\r\nRCPT TO:<someone@elsewhere.test>\r\nDATA\r\n");
            List<Reply> replies = c.readReplies(5);
            assertEquals(250, replies.get(0).code());
            assertEquals("250 2.1.0 Ok", replies.get(1).last());
            assertEquals("250 2.1.5 Ok", replies.get(2).last());
            assertEquals("550 5.7.1 Relay access denied", replies.get(3).last());
            assertEquals(354, replies.get(4).code());
            c.send("Subject: pipelined\r\n\r\nbody\r\n.\r\nNOOP\r\nQUIT\r\n");
            List<Reply> after = c.readReplies(3);
            assertTrue(after.get(0).last().startsWith("250 2.0.0 Ok: queued as "), after.get(0).text());
            assertEquals("250 2.0.0 Ok", after.get(1).last());
            assertEquals("221 2.0.0 Bye", after.get(2).last());
        }
    }

    @Test
    void anonymousClientMayNotRelayButMaySendToAcceptedDomains() throws IOException {
        try (SmtpTestClient c = edge()) {
            c.command("EHLO client.test");
            c.command("MAIL FROM:<a@origin.test>");
            assertEquals("550 5.7.1 Relay access denied", c.command("RCPT TO:<victim@remote.test>").last());
            assertEquals("550 5.7.1 Relay access denied", c.command("RCPT TO:<@example.com:victim@remote.test>").last(),
                    "a source route through an accepted domain must not open a relay");
            assertEquals("550 5.7.1 Relay access denied", c.command("RCPT TO:<victim%remote.test@remote.test>").last());
            assertEquals("250 2.1.5 Ok", c.command("RCPT TO:<user@example.com>").last());
            assertEquals("250 2.1.5 Ok", c.command("RCPT TO:<Postmaster>").last());
        }
    }

    @Test
    void relayRangeClientMaySendAnywhere() throws IOException {
        try (SmtpTestClient c = relay()) {
            c.command("EHLO client.test");
            c.command("MAIL FROM:<a@origin.test>");
            assertEquals("250 2.1.5 Ok", c.command("RCPT TO:<someone@remote.test>").last());
        }
    }

    @Test
    void declaredSizeOverTheLimitIsRefusedAtMail() throws IOException {
        try (SmtpTestClient c = edge()) {
            c.command("EHLO client.test");
            assertEquals("552 5.3.4 Message size exceeds fixed limit of 4096 bytes", c.command("MAIL FROM:<a@origin.test> SIZE=5000").last());
            assertEquals("250 2.1.0 Ok", c.command("MAIL FROM:<a@origin.test> SIZE=4000 BODY=8BITMIME").last());
        }
    }

    @Test
    void messageOverTheLimitIsRefusedAtEndOfData() throws IOException {
        try (SmtpTestClient c = edge()) {
            c.command("EHLO client.test");
            c.command("MAIL FROM:<a@origin.test>");
            c.command("RCPT TO:<u@example.com>");
            assertEquals(354, c.command("DATA").code());
            c.send("Subject: big\r\n\r\n" + "0123456789".repeat(500) + "\r\n.\r\n");
            assertEquals("552 5.3.4 Message size exceeds fixed limit of 4096 bytes", c.readReply().last());
            assertEquals("250 2.0.0 Ok", c.command("NOOP").last(), "the session goes on after a refused message");
        }
    }

    @Test
    void recipientsBeyondTheLimitGet452() throws IOException {
        try (SmtpTestClient c = edge()) {
            c.command("EHLO client.test");
            c.command("MAIL FROM:<a@origin.test>");
            for (int i = 0; i < 3; i++) {
                assertEquals(250, c.command("RCPT TO:<u" + i + "@example.com>").code());
            }
            assertEquals("452 4.5.3 Error: too many recipients (at most 3 per message)", c.command("RCPT TO:<u9@example.com>").last());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"\n.\n", "\r.\r", "\n.\r\n", "\r\n.\n", "\n", "\r"})
    void bareLineEndingsNeverEndTheDataAndTheMessageIsRefused(String sequence) throws IOException {
        try (SmtpTestClient c = relay()) {
            c.command("EHLO client.test");
            c.command("MAIL FROM:<a@origin.test>");
            c.command("RCPT TO:<smuggle@remote.test>");
            assertEquals(354, c.command("DATA").code());
            c.send("Subject: smuggling\r\n\r\nbody" + sequence
                    + "MAIL FROM:<evil@origin.test>\r\nRCPT TO:<victim@remote.test>\r\nDATA\r\nsmuggled\r\n\r\n.\r\n");
            assertEquals("550 5.6.0 Message contains bare CR or LF; lines must end with CRLF", c.readReply().last());
            assertEquals("250 2.0.0 Ok", c.command("NOOP").last(), "no smuggled command was executed");
        }
        assertTrue(MailWorld.mx.received().stream().noneMatch(m -> m.rcptTo().contains("victim@remote.test")
                || m.rcptTo().contains("smuggle@remote.test")));
    }

    @Test
    void aCommandLineEndedByABareLfGets500AndPipelinedCommandsOneReplyEach() throws IOException {
        try (SmtpTestClient c = edge()) {
            c.greeting();
            c.send("NOOP\n");
            assertEquals("500 5.5.2 Error: bare <LF> received", c.readReply().last());
            c.send("EHLO pipe.test\nNOOP\r\nMAIL FROM:<a@origin.test>\nRSET\r\nNOOP\rNOOP\r\nHELO pipe.test\r\n");
            List<Reply> replies = c.readReplies(5);
            assertEquals("500 5.5.2 Error: bare <LF> received", replies.get(0).last());
            assertEquals("250 2.0.0 Ok", replies.get(1).last());
            assertEquals("500 5.5.2 Error: bare <LF> received", replies.get(2).last());
            assertEquals("250 2.0.0 Ok", replies.get(3).last());
            assertEquals("500 5.5.2 Error: bare <CR> received", replies.get(4).last());
            assertEquals("250 caravan.test", c.readReply().last());
            assertEquals("503 5.5.1 Error: need MAIL command", c.command("RCPT TO:<u@example.com>").last(),
                    "the MAIL FROM that ended in a bare LF was not run");
        }
    }

    @Test
    void aConnectorWithAllowBareNewlinesTakesABareLfAsTheEndOfACommand() throws IOException {
        int port = camel.getComponent("receive-connector", ReceiveConnectorComponent.class).boundPort("lenient").orElseThrow();
        try (SmtpTestClient c = SmtpTestClient.connect(port)) {
            c.greeting();
            c.send("EHLO lenient.test\nMAIL FROM:<a@origin.test>\nRCPT TO:<u@example.com>\n");
            List<Reply> replies = c.readReplies(3);
            assertEquals(250, replies.get(0).code());
            assertEquals("250 2.1.0 Ok", replies.get(1).last());
            assertEquals("250 2.1.5 Ok", replies.get(2).last());
        }
    }

    @Test
    void malformedCommandsGetA5xxWithEnhancedCodeAndTheSessionGoesOn() throws IOException {
        try (SmtpTestClient c = edge()) {
            assertEquals("503 5.5.1 Error: send HELO/EHLO first", c.command("MAIL FROM:<a@origin.test>").last());
            assertEquals("501 5.5.4 Syntax: EHLO hostname", c.command("EHLO").last());
            assertEquals("500 5.5.2 Error: command not recognized", c.command("FOO bar").last());
            assertEquals("500 5.5.2 Line too long", c.command("NOOP " + "x".repeat(600)).last());
            c.command("EHLO client.test");
            assertEquals("503 5.5.1 Error: need MAIL command", c.command("RCPT TO:<u@example.com>").last());
            assertEquals("501 5.5.4 Syntax: MAIL FROM:<address>", c.command("MAIL FROM:a@origin.test").last());
            assertTrue(c.command("MAIL FROM:<a b@origin.test>").last().startsWith("501 5.1.7 Bad sender address syntax"));
            assertEquals("555 5.5.4 Unsupported parameter FOO", c.command("MAIL FROM:<a@origin.test> FOO=1").last());
            assertEquals("250 2.1.0 Ok", c.command("MAIL FROM:<a@origin.test>").last());
            assertEquals("503 5.5.1 Error: nested MAIL command", c.command("MAIL FROM:<a@origin.test>").last());
            assertTrue(c.command("RCPT TO:<bad@@example.com>").last().startsWith("501 5.1.3 Bad recipient address syntax"));
            assertEquals("554 5.5.1 Error: no valid recipients", c.command("DATA").last());
            assertEquals("250 2.0.0 Ok", c.command("RSET").last());
            assertEquals("250 2.0.0 Ok", c.command("NOOP").last());
        }
    }

    @Test
    void tooManyErrorsCloseTheSession() throws IOException {
        try (SmtpTestClient c = edge()) {
            c.greeting();
            StringBuilder junk = new StringBuilder();
            for (int i = 0; i < 25; i++) {
                junk.append("JUNK\r\n");
            }
            c.send(junk.toString());
            List<Reply> replies = c.readReplies(21);
            assertEquals(500, replies.get(19).code());
            assertEquals(421, replies.get(20).code(), replies.get(20).text());
            assertTrue(c.isClosedByServer(Duration.ofSeconds(5)));
        }
    }

    @Test
    void aSessionThatBreaksDoesNotAffectAnother() throws IOException {
        try (SmtpTestClient healthy = edge(); SmtpTestClient broken = edge()) {
            healthy.command("EHLO ok.test");
            broken.greeting();
            broken.sendBytes(new byte[] {0, (byte) 0xff, (byte) 0xfe, '\r', '\n'});
            assertEquals(500, broken.readReply().code());
            broken.close();
            assertEquals("250 2.0.0 Ok", healthy.command("NOOP").last());
        }
    }

    @Test
    void connectionsBeyondThePerIpLimitGet421() throws IOException {
        int port = camel.getComponent("receive-connector", ReceiveConnectorComponent.class).boundPort("tiny").orElseThrow();
        try (SmtpTestClient first = SmtpTestClient.connect(port); SmtpTestClient second = SmtpTestClient.connect(port)) {
            assertEquals(220, first.greeting().code());
            assertEquals(220, second.greeting().code());
            try (SmtpTestClient third = SmtpTestClient.connect(port)) {
                assertEquals("421 4.7.0 caravan.test Too many connections from your address, try again later", third.greeting().last());
                assertTrue(third.isClosedByServer(Duration.ofSeconds(5)));
            }
        }
        Await.until(() -> {
            try (SmtpTestClient again = SmtpTestClient.connect(port)) {
                return again.greeting().code() == 220;
            }
        }, Duration.ofSeconds(10), "a slot freed once the earlier sessions closed");
    }

    @Test
    void idleSessionIsClosedWith421() throws IOException {
        int port = camel.getComponent("receive-connector", ReceiveConnectorComponent.class).boundPort("tiny").orElseThrow();
        try (SmtpTestClient c = SmtpTestClient.connect(port, Duration.ofSeconds(30))) {
            c.greeting();
            assertEquals("421 4.4.2 caravan.test Error: timeout exceeded", c.readReply().last());
            assertTrue(c.isClosedByServer(Duration.ofSeconds(5)));
        }
    }

    @Test
    void anOverlongLineSentInSmallWritesGetsOneReplyAndPipelinedCommandsOneEach() throws IOException {
        try (SmtpTestClient c = edge()) {
            c.greeting();
            c.send("NOOP ");
            byte[] kilobyte = "x".repeat(1024).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 100; i++) {
                c.sendBytes(kilobyte);
            }
            c.send("\r\nNOOP\r\nRSET\r\n");
            List<Reply> replies = c.readReplies(3);
            assertEquals("500 5.5.2 Line too long", replies.get(0).last());
            assertEquals("250 2.0.0 Ok", replies.get(1).last(), "the NOOP after the long line");
            assertEquals("250 2.0.0 Ok", replies.get(2).last(), "the RSET after it");
            assertEquals("250 2.0.0 Ok", c.command("NOOP").last(), "nothing else was queued behind them");
        }
    }

    @Test
    void signedBdatSizeExpnTurnAndRepeatedDsnParametersGetPreciseReplies() throws IOException {
        try (SmtpTestClient c = edge()) {
            c.command("EHLO client.test");
            assertEquals("502 5.5.1 Command not implemented", c.command("EXPN staff").last());
            assertEquals("502 5.5.1 Command not implemented", c.command("TURN").last());
            assertEquals("501 5.5.4 Duplicate RET parameter", c.command("MAIL FROM:<a@origin.test> RET=FULL RET=HDRS").last());
            assertEquals("250 2.1.0 Ok", c.command("MAIL FROM:<a@origin.test> RET=FULL").last());
            assertEquals("501 5.5.4 Duplicate NOTIFY parameter",
                    c.command("RCPT TO:<u@example.com> NOTIFY=SUCCESS NOTIFY=FAILURE").last());
            assertEquals("250 2.1.5 Ok", c.command("RCPT TO:<u@example.com> NOTIFY=SUCCESS").last());
            assertEquals("501 5.5.4 Syntax: BDAT size [LAST]; closing the connection", c.command("BDAT +5").last());
            assertTrue(c.isClosedByServer(Duration.ofSeconds(5)), "the chunk's length is unknown: the session cannot stay in step");
        }
    }

    @Test
    void aMessageWithALineOver998OctetsIsRefusedAtTheEndOfData() throws IOException {
        int port = camel.getComponent("receive-connector", ReceiveConnectorComponent.class).boundPort("inbound").orElseThrow();
        try (SmtpTestClient c = SmtpTestClient.connect(port)) {
            c.command("EHLO client.test");
            c.command("MAIL FROM:<a@origin.test>");
            assertEquals(250, c.command("RCPT TO:<longline@example.com>").code());
            assertEquals(354, c.command("DATA").code());
            c.send("X-Long: " + "h".repeat(1024 * 1024) + "\r\nSubject: long\r\n\r\nbody\r\n.\r\n");
            assertEquals("550 5.6.0 Message contains a line longer than 998 octets (RFC 5322 2.1.1)", c.readReply().last());
            assertEquals("250 2.0.0 Ok", c.command("NOOP").last(), "the session goes on after a refused message");
            c.command("MAIL FROM:<a@origin.test>");
            c.command("RCPT TO:<longline@example.com>");
            c.send("BDAT 1008 LAST\r\n" + "Subject: " + "b".repeat(997) + "\r\n");
            assertEquals("550 5.6.0 Message contains a line longer than 998 octets (RFC 5322 2.1.1)", c.readReply().last(),
                    "by BDAT as by DATA");
        }
    }
}
