// MessageEvents: what each event carries, and the order they reach observers while a message is being received.
package io.caravan.tracking;

import io.caravan.mail.Envelope;
import io.caravan.mail.MailAddress;
import io.caravan.mail.RawMessage;
import io.caravan.mail.SmtpReply;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import static io.caravan.tracking.TrackingEvent.Type.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageEventsTest {

    private final List<TrackingEvent> fired = new ArrayList<>();
    private final MessageEvents events = new MessageEvents(fired::add, false);

    private static final long ARRIVAL = Instant.parse("2026-12-04T22:00:00Z").toEpochMilli();
    private static final RawMessage MESSAGE = RawMessage.of("Message-ID: <m1@example.com>\r\nSubject: salary\r\n\r\nhi\r\n"
            .getBytes(StandardCharsets.US_ASCII));

    private static Envelope envelope(String queueId) {
        return new Envelope(queueId, MailAddress.parse("alice@example.com"), List.of(MailAddress.parse("bob@example.org")), "7BIT",
                "default", "192.0.2.9", "client.example", ARRIVAL, ARRIVAL + 86_400_000, 0).withMessageId("m1@example.com");
    }

    private List<TrackingEvent.Type> types() {
        return fired.stream().map(TrackingEvent::event).toList();
    }

    @Test
    void everyEventOfAMessageCarriesItsQueueIdMessageIdSenderAndClient() {
        Envelope e = envelope("Q1");
        events.routed(e, e.recipients(), "internet", "example.org");
        events.delivered(e, new Hop("internet", "example.org"), e.recipients(), "mx.example.org[192.0.2.1]:25", SmtpReply.of(250, "2.0.0", "Ok"), "TLSv1.3 TLS_AES_128_GCM_SHA256");
        for (TrackingEvent t : fired) {
            assertEquals("Q1", t.queueId());
            assertEquals("m1@example.com", t.messageId());
            assertEquals("alice@example.com", t.sender());
            assertEquals(List.of("bob@example.org"), t.recipients());
            assertEquals("192.0.2.9", t.clientIp());
        }
        Map<String, String> delivered = fired.get(1).details();
        assertEquals("250 2.0.0 Ok", delivered.get("reply"));
        assertEquals("internet", delivered.get("connector"), "the send connector, for metrics and search");
        assertEquals("example.org", delivered.get("nextHop"));
        assertEquals("TLSv1.3 TLS_AES_128_GCM_SHA256", delivered.get("tlsOut"));
        assertEquals("2026-12-04T22:00:00.000Z", delivered.get("arrival"));
    }

    @Test
    void whileAMessageIsReceivedItsEventsWaitForReceivedWhichComesFirst() {
        Envelope e = envelope("Q2");
        events.receiving("Q2");
        events.inspected(e, "spf", "pass", OptionalDouble.empty(), "recorded", "");
        events.routed(e, e.recipients(), "internet", "example.org"); // the categorize stage, before the receive connector heard back
        events.routed(envelope("OTHER"), e.recipients(), "internet", "example.org");
        assertEquals(List.of(ROUTED), types(), "another message's event is not held");
        events.received(e, MESSAGE, "");
        events.receptionEnded("Q2");
        assertEquals(List.of(ROUTED, RECEIVED, INSPECTED, ROUTED), types());
        assertEquals(Instant.ofEpochMilli(ARRIVAL), fired.get(1).time(), "RECEIVED is timed at the arrival, the end of the data");
        events.delivered(e, Hop.NONE, e.recipients(), "mx", SmtpReply.of(250, "2.0.0", "Ok"), "");
        assertEquals(DELIVERED, fired.get(fired.size() - 1).event(), "after the reception, at once");
    }

    @Test
    void aRefusedMessageReleasesWhatWasHeldBeforeItsRefusal() {
        Envelope e = envelope("Q3");
        events.receiving("Q3");
        events.inspected(e, "header-rule", "matched", OptionalDouble.empty(), "refused", "Subject contains x");
        events.receptionEnded("Q3");
        events.refused(new Refusal("data", "default", "192.0.2.9", "Q3", "m1@example.com", e.mailFrom(), e.recipients(),
                SmtpReply.of(550, "5.7.1", "Message refused")));
        assertEquals(List.of(INSPECTED, REFUSED), types());
        TrackingEvent refused = fired.get(1);
        assertEquals("550 5.7.1 Message refused", refused.details().get("reply"));
        assertEquals("data", refused.details().get("phase"));
        assertEquals("default", refused.details().get("connector"));
    }

    @Test
    void aMessageWhoseWriteWasRolledBackWasNotRoutedEither() {
        Envelope e = envelope("Q5");
        events.receiving("Q5");
        events.inspected(e, "spf", "pass", OptionalDouble.empty(), "recorded", "");
        events.routed(e, e.recipients(), "internet", "example.org"); // routed before the 250, then the commit failed: 451
        events.receptionEnded("Q5");
        assertEquals(List.of(INSPECTED), types());
    }

    @Test
    void aReceptionThatEndsWithoutAnEventLeavesNothingHeld() {
        Receptions receptions = new Receptions(fired::add);
        receptions.begin("Q4");
        receptions.end("Q4", null);
        receptions.end("Q4", null);
        assertEquals(0, receptions.open());
    }

    @Test
    void aRefusalBeforeMailHasNoQueueId() {
        events.refused(new Refusal("connect", "default", "192.0.2.9", "", "", null, List.of(), SmtpReply.of(554, "5.7.1", "No")));
        TrackingEvent e = fired.get(0);
        assertEquals("", e.queueId());
        assertEquals("", e.sender());
        assertEquals("554 5.7.1 No", e.details().get("reply"));
    }

    @Test
    void theSubjectIsRecordedOnlyWhenConfigured() {
        events.received(envelope("Q5"), MESSAGE, "");
        assertFalse(fired.get(0).details().containsKey("subject"));
        new MessageEvents(fired::add, true).received(envelope("Q6"), MESSAGE, "TLSv1.3 TLS_AES_128_GCM_SHA256");
        assertEquals("salary", fired.get(1).details().get("subject"));
        assertEquals("TLSv1.3 TLS_AES_128_GCM_SHA256", fired.get(1).details().get("tlsIn"));
    }

    @Test
    void aReportIsReceivedPointingBackAtTheMessageItReportsOn() {
        Envelope original = envelope("Q7");
        Envelope report = new Envelope("R7", MailAddress.NULL_SENDER, List.of(original.mailFrom()), "7BIT", "bounce", "127.0.0.1", "mx",
                ARRIVAL, ARRIVAL, 0);
        events.reported(original, original.recipients(), "failed", report, 1234);
        assertEquals(List.of(DSN_SENT, RECEIVED), types());
        assertEquals("R7", fired.get(0).details().get("dsnId"));
        assertEquals("R7", fired.get(1).queueId());
        assertEquals("Q7", fired.get(1).details().get("reportsOn"));
        assertEquals("", fired.get(1).sender(), "the null sender");
    }

    @Test
    void anEventAboutAStoredCopyReadsItsHeadersEvenWhenTheyAreBroken() {
        events.poisoned(Map.of("CaravanQueueId", "Q8", "CaravanMailFrom", "not an address", "CaravanRecipients", "a@x\nb@x"),
                "caravan.delivery", "failed 5 deliveries from caravan.delivery");
        TrackingEvent e = fired.get(0);
        assertEquals(POISONED, e.event());
        assertEquals("not an address", e.sender());
        assertEquals(List.of("a@x", "b@x"), e.recipients());
        assertEquals("caravan.delivery", e.details().get("queue"));
        assertTrue(e.messageId().isEmpty());
    }
}
