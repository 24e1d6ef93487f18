// Slow and stalled clients over real sockets: a byte trickle does not defeat the idle timeout, DATA has its own bound, and a full connector makes room.
package io.caravan.it;

import io.caravan.receive.ReceiveConnectorComponent;
import io.caravan.testing.SmtpTestClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Connector "tiny": idle-timeout 1 s, data-timeout 2 s. Connector "crowded": 3 slots, 2 per address, evict-idle-after 1 s,
 * idle-timeout 5 min (so only making room closes a session there). Nothing is timed: the tests trickle and poll with deadlines.
 */
@QuarkusTest
@QuarkusTestResource(value = MailWorld.class, restrictToAnnotatedClass = false)
class SlowClientTest {

    private static final Duration DEADLINE = Duration.ofSeconds(15);

    @Inject
    org.apache.camel.CamelContext camel;

    int port(String connector) {
        return camel.getComponent("receive-connector", ReceiveConnectorComponent.class).boundPort(connector).orElseThrow();
    }

    /** Sends one byte at a time until the server says something (or hangs up); false when the deadline passes first. */
    static boolean trickleUntilAnswered(SmtpTestClient c, byte b) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                c.sendBytes(new byte[] {b});
            } catch (UncheckedIOException closed) {
                return true;
            }
            if (c.hasInput(Duration.ofMillis(100))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aTrickleOfBytesThatNeverEndsALineIsClosedByTheIdleTimeout() {
        try (SmtpTestClient c = SmtpTestClient.connectFrom("127.0.0.7", port("tiny"))) {
            assertEquals(220, c.greeting().code());
            assertTrue(trickleUntilAnswered(c, (byte) 'N'), "the idle timeout fired although bytes kept coming");
            assertEquals("421 4.4.2 caravan.test Error: timeout exceeded", c.readReply().last());
            assertTrue(c.isClosedByServer(Duration.ofSeconds(5)));
        }
    }

    @Test
    void aMessageTrickledFasterThanTheIdleTimeoutIsStillBoundedByTheDataTimeout() {
        try (SmtpTestClient c = SmtpTestClient.connectFrom("127.0.0.8", port("tiny"))) {
            c.command("EHLO client.test");
            assertEquals(250, c.command("MAIL FROM:<slow@origin.test>").code());
            assertEquals(250, c.command("RCPT TO:<u@example.com>").code());
            assertEquals(354, c.command("DATA").code());
            assertTrue(trickleUntilAnswered(c, (byte) 'x'), "the data timeout fired");
            assertEquals("421 4.4.2 caravan.test Error: timeout exceeded while receiving the message", c.readReply().last());
            assertTrue(c.isClosedByServer(Duration.ofSeconds(5)));
        }
    }

    @Test
    void aFullConnectorClosesTheLongestStalledSessionForANewClientAndKeepsWorkingOnes() {
        int port = port("crowded");
        try (SmtpTestClient stalled = SmtpTestClient.connectFrom("127.0.0.11", port);
                SmtpTestClient working = SmtpTestClient.connectFrom("127.0.0.12", port);
                SmtpTestClient alsoWorking = SmtpTestClient.connectFrom("127.0.0.13", port)) {
            assertEquals(220, stalled.greeting().code());
            stalled.send("NO"); // half a command, and then nothing
            working.command("EHLO working.test");
            alsoWorking.command("EHLO working.test");
            Await.until(() -> {
                assertEquals("250 2.0.0 Ok", working.command("NOOP").last());
                assertEquals("250 2.0.0 Ok", alsoWorking.command("NOOP").last());
                try (SmtpTestClient newcomer = SmtpTestClient.connectFrom("127.0.0.14", port)) {
                    return newcomer.greeting().code() == 220;
                }
            }, DEADLINE, "a new client let in once the stalled session had been idle 1 s");
            assertEquals("421 4.4.2 caravan.test Idle too long while the server is busy, closing connection", stalled.readReply().last());
            assertTrue(stalled.isClosedByServer(Duration.ofSeconds(5)));
            assertEquals("250 2.0.0 Ok", working.command("NOOP").last(), "sessions that work are never the ones to go");
            assertEquals("250 2.0.0 Ok", alsoWorking.command("NOOP").last());
        }
    }

    @Test
    void anAddressAtItsLimitMakesRoomFromItsOwnStalledSessions() {
        int port = port("crowded");
        try (SmtpTestClient stalled = SmtpTestClient.connectFrom("127.0.0.21", port);
                SmtpTestClient working = SmtpTestClient.connectFrom("127.0.0.21", port)) {
            assertEquals(220, stalled.greeting().code());
            working.command("EHLO working.test");
            Await.until(() -> {
                assertEquals("250 2.0.0 Ok", working.command("NOOP").last());
                try (SmtpTestClient third = SmtpTestClient.connectFrom("127.0.0.21", port)) {
                    return third.greeting().code() == 220;
                }
            }, DEADLINE, "a third session from the same address once the stalled one had been idle 1 s");
            assertTrue(stalled.readReply().last().startsWith("421 4.4.2 "));
            assertTrue(stalled.isClosedByServer(Duration.ofSeconds(5)));
            assertEquals("250 2.0.0 Ok", working.command("NOOP").last());
        }
    }
}
