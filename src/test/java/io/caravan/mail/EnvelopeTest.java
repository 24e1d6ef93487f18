package io.caravan.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvelopeTest {

    private static Envelope sample(MailAddress from, List<MailAddress> rcpts) {
        return new Envelope("Q1234ABCD", from, rcpts, "8BITMIME", "default", "192.0.2.10", "client.example",
                1_700_000_000_000L, 1_700_432_000_000L, 3);
    }

    @Test
    void envelopeRoundTripsThroughHeadersWithSeveralRecipients() {
        Envelope original = sample(MailAddress.parse("sender@a.example"), List.of(
                MailAddress.parse("one@b.example"), MailAddress.parse("Two@C.Example"),
                MailAddress.parse("\"three x\"@d.example")));
        Map<String, Object> headers = new HashMap<>();

        original.writeTo(headers);
        Envelope read = Envelope.readFrom(headers);

        assertEquals(original, read);
        assertEquals("one@b.example\nTwo@C.Example\n\"three x\"@d.example", headers.get(CaravanHeaders.RECIPIENTS));
        assertEquals("sender@a.example", headers.get(CaravanHeaders.MAIL_FROM));
    }

    @Test
    void nullSenderRoundTripsAsAnEmptyHeader() {
        Envelope original = sample(MailAddress.NULL_SENDER, List.of(MailAddress.parse("postmaster@b.example")));
        Map<String, Object> headers = new HashMap<>();

        original.writeTo(headers);
        Envelope read = Envelope.readFrom(headers);

        assertEquals("", headers.get(CaravanHeaders.MAIL_FROM));
        assertTrue(read.mailFrom().isNullSender());
        assertSame(MailAddress.NULL_SENDER, read.mailFrom());
        assertEquals(original, read);
    }

    @Test
    void headerValuesAreJmsCompatibleTypes() {
        Map<String, Object> headers = new HashMap<>();
        sample(MailAddress.parse("s@a.example"), List.of(MailAddress.parse("r@b.example"))).writeTo(headers);

        assertEquals(Long.class, headers.get(CaravanHeaders.ARRIVAL).getClass());
        assertEquals(Long.class, headers.get(CaravanHeaders.EXPIRY).getClass());
        assertEquals(Integer.class, headers.get(CaravanHeaders.ATTEMPTS).getClass());
        for (Object v : headers.values()) {
            assertTrue(v instanceof String || v instanceof Long || v instanceof Integer, String.valueOf(v));
        }
    }

    @Test
    void numericHeadersMayComeBackAsIntegerLongOrText() {
        Map<String, Object> headers = new HashMap<>();
        sample(MailAddress.parse("s@a.example"), List.of(MailAddress.parse("r@b.example"))).writeTo(headers);
        headers.put(CaravanHeaders.ARRIVAL, Integer.valueOf(12345));
        headers.put(CaravanHeaders.EXPIRY, "67890");
        headers.put(CaravanHeaders.ATTEMPTS, Long.valueOf(7));

        Envelope read = Envelope.readFrom(headers);

        assertEquals(12345L, read.arrival());
        assertEquals(67890L, read.expiry());
        assertEquals(7, read.attempts());
    }

    @Test
    void missingNumericHeadersReadAsZero() {
        Map<String, Object> headers = new HashMap<>();
        headers.put(CaravanHeaders.QUEUE_ID, "Q1");
        headers.put(CaravanHeaders.RECIPIENTS, "r@b.example");

        Envelope read = Envelope.readFrom(headers);

        assertEquals(0L, read.arrival());
        assertEquals(0, read.attempts());
        assertTrue(read.mailFrom().isNullSender());
        assertEquals(List.of(new MailAddress("r", "b.example")), read.recipients());
    }

    @Test
    void missingQueueIdIsRefusedNamingTheHeader() {
        Map<String, Object> headers = new HashMap<>();
        sample(MailAddress.parse("s@a.example"), List.of(MailAddress.parse("r@b.example"))).writeTo(headers);
        headers.remove(CaravanHeaders.QUEUE_ID);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Envelope.readFrom(headers));
        assertTrue(e.getMessage().contains(CaravanHeaders.QUEUE_ID), e.getMessage());
    }

    @Test
    void recipientListIsACopyThatCannotBeChangedAfterwards() {
        List<MailAddress> rcpts = new java.util.ArrayList<>(List.of(MailAddress.parse("r@b.example")));
        Envelope e = sample(MailAddress.parse("s@a.example"), rcpts);
        rcpts.add(MailAddress.parse("late@b.example"));

        assertEquals(1, e.recipients().size());
        assertThrows(UnsupportedOperationException.class, () -> e.recipients().add(MailAddress.parse("x@b.example")));
    }

    @Test
    void withRecipientsAndWithAttemptsChangeOnlyThatField() {
        Envelope e = sample(MailAddress.parse("s@a.example"), List.of(MailAddress.parse("r@b.example")));

        Envelope fewer = e.withRecipients(List.of(MailAddress.parse("x@b.example")));
        Envelope later = e.withAttempts(4);

        assertEquals(List.of(MailAddress.parse("x@b.example")), fewer.recipients());
        assertEquals(e.withRecipients(e.recipients()), e);
        assertEquals(4, later.attempts());
        assertEquals(e, later.withAttempts(3));
    }

    @Test
    void splitRecipientsIgnoresEmptyLines() {
        assertEquals(List.of(MailAddress.parse("a@x.example"), MailAddress.parse("b@x.example")),
                Envelope.splitRecipients("a@x.example\n\nb@x.example\n"));
        assertEquals(List.of(), Envelope.splitRecipients(""));
    }
}
