package io.caravan.receive.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.caravan.mail.Envelope;
import io.caravan.mail.MailAddress;
import io.caravan.mail.RawMessage;
import io.caravan.mail.SmtpReply;
import io.caravan.receive.TestConnector;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoopDetectionTest {

    private static int count(String message) {
        return LoopDetection.countReceivedFields(message.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void countsEveryReceivedFieldInTheHeader() {
        String m = "Received: from a by b; Mon, 1 Jan 2024 00:00:00 +0000\r\n"
                + "Received: from c by d; Mon, 1 Jan 2024 00:00:00 +0000\r\n"
                + "Subject: hi\r\n"
                + "Received: from e by f; Mon, 1 Jan 2024 00:00:00 +0000\r\n"
                + "\r\n"
                + "body\r\n";

        assertEquals(3, count(m));
    }

    @Test
    void fieldNameIsMatchedCaseInsensitively() {
        assertEquals(3, count("RECEIVED: x\r\nreceived: y\r\nReCeIvEd: z\r\n\r\n"));
    }

    @Test
    void receivedInTheBodyDoesNotCount() {
        String m = "Received: from a\r\nSubject: forwarded\r\n\r\nReceived: from b\r\nReceived: from c\r\n";

        assertEquals(1, count(m));
    }

    @Test
    void blankLineWithBareLfAlsoEndsTheHeader() {
        assertEquals(1, count("Received: a\nSubject: x\n\nReceived: b\n"));
    }

    @Test
    void foldedContinuationAndSimilarFieldNamesDoNotCount() {
        String m = "Received: from a\r\n"
                + " Received: this is a continuation line\r\n"
                + "X-Received: by google\r\n"
                + "Received-SPF: pass\r\n"
                + "ARC-Received: nope\r\n"
                + "Subject: Received: in a subject\r\n"
                + "\r\n";

        assertEquals(1, count(m));
    }

    @Test
    void messageWithoutBodyOrReceivedCountsCorrectly() {
        assertEquals(0, count(""));
        assertEquals(0, count("\r\nReceived: in body only\r\n"));
        assertEquals(0, count("Subject: x\r\n"));
        assertEquals(2, count("Received: a\r\nReceived: b"));
    }

    @Test
    void truncatedFieldNameAtTheEndDoesNotCount() {
        assertEquals(0, count("Receive"));
        assertEquals(0, count("Received"));
        assertEquals(1, count("Received:"));
    }

    private static HookResult endOfData(int maxHops, String message) {
        LoopDetection hook = new LoopDetection(HookFixtures.connectors(Map.of("default",
                TestConnector.defaults().withMaxHops(maxHops))));
        Envelope envelope = new Envelope("Q1", HookFixtures.SENDER, List.of(MailAddress.parse("bob@example.com")), "7BIT",
                "default", "192.0.2.1", "client", 0, 0, 0);
        return hook.onEndOfData(HookFixtures.anonymous("192.0.2.1"), envelope,
                RawMessage.of(message.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void aMessageWithUpToMaxHopsReceivedFieldsGoesOn() {
        assertEquals(HookResult.next(), endOfData(2, "Received: a\r\nReceived: b\r\nSubject: x\r\n\r\nbody\r\n"));
    }

    @Test
    void aMessageWithMoreThanMaxHopsReceivedFieldsIsRefusedAsAMailLoop() {
        HookResult r = endOfData(2, "Received: a\r\nReceived: b\r\nReceived: c\r\n\r\nbody\r\n");

        assertEquals(HookResult.Decision.REJECT, r.decision());
        assertEquals(SmtpReply.of(554, "5.4.6", "Too many hops (3): mail loop detected"), r.reply());
    }
}
