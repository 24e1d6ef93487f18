package io.caravan.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.delivery.RecipientOutcome.Status;
import io.caravan.mail.MailAddress;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.List;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.util.MailConnectException;
import org.eclipse.angus.mail.util.SocketConnectException;
import org.junit.jupiter.api.Test;

/**
 * The exceptions are built the way Angus Mail's SMTPTransport builds them: server replies keep
 * their trailing "\n", RCPT failures are chained with setNextException and nested in the final
 * SMTPSendFailedException (sendpartial), and the address arrays split valid-sent, valid-unsent and invalid.
 */
class AttemptOutcomesTest {

    private static final String HOST = "mx.example.net[192.0.2.25]:25";

    private static final MailAddress GOOD = MailAddress.parse("good@example.net");
    private static final MailAddress BAD = MailAddress.parse("bad@example.net");
    private static final MailAddress FULL = MailAddress.parse("full@example.net");

    private static InternetAddress ia(MailAddress a) {
        try {
            return new InternetAddress(a.address());
        } catch (AddressException e) {
            throw new AssertionError(e);
        }
    }

    private static SMTPAddressFailedException rcptFailed(MailAddress a, int code, String response) {
        return new SMTPAddressFailedException(ia(a), "RCPT TO:<" + a.address() + ">", code, response);
    }

    private static RecipientOutcome outcomeFor(List<RecipientOutcome> outcomes, MailAddress rcpt) {
        return outcomes.stream().filter(o -> o.recipient().equals(rcpt)).findFirst()
                .orElseThrow(() -> new AssertionError("no outcome for " + rcpt + " in " + outcomes));
    }

    @Test
    void refusedRecipientFailsWhileTheAcceptedOneIsDelivered() {
        SMTPAddressFailedException refused = rcptFailed(BAD, 550, "550 5.1.1 <bad@example.net>: User unknown\n");
        SMTPSendFailedException partial = new SMTPSendFailedException(".", 250, "250 2.0.0 Ok: queued as 4XyZ\n",
                refused, new Address[] {ia(GOOD)}, new Address[0], new Address[] {ia(BAD)});

        List<RecipientOutcome> outcomes = AttemptOutcomes.from(partial, List.of(GOOD, BAD), HOST);

        assertEquals(2, outcomes.size());
        RecipientOutcome good = outcomeFor(outcomes, GOOD);
        assertEquals(Status.DELIVERED, good.status());
        assertEquals(250, good.reply().code());
        assertEquals(HOST, good.host());
        RecipientOutcome bad = outcomeFor(outcomes, BAD);
        assertEquals(Status.FAILED, bad.status());
        assertEquals("550 5.1.1 <bad@example.net>: User unknown", bad.reply().toString());
        assertEquals(HOST, bad.host());
    }

    @Test
    void recipientListedAsValidSentIsDeliveredWhateverTheOverallFailureSays() {
        SendFailedException partial = new SendFailedException("Sending partially failed",
                rcptFailed(BAD, 550, "550 5.1.1 no\n"), new Address[] {ia(GOOD)}, new Address[0], new Address[] {ia(BAD)});

        List<RecipientOutcome> outcomes = AttemptOutcomes.from(partial, List.of(GOOD, BAD), HOST);

        assertEquals(Status.DELIVERED, outcomeFor(outcomes, GOOD).status());
        assertEquals("2.0.0", outcomeFor(outcomes, GOOD).reply().enhancedCode());
        assertEquals(Status.FAILED, outcomeFor(outcomes, BAD).status());
    }

    @Test
    void replyTextThatIsNotAnSmtpLineKeepsTheCodeAngusRead() {
        SMTPSendFailedException odd = new SMTPSendFailedException(".", 554, "Transaction failed\n", null, null,
                new Address[] {ia(GOOD)}, null);

        RecipientOutcome o = AttemptOutcomes.from(odd, List.of(GOOD), HOST).get(0);

        assertEquals(Status.FAILED, o.status());
        assertEquals("554 Transaction failed", o.reply().toString());
    }

    @Test
    void everyChainedRecipientFailureIsReportedForItsOwnRecipient() {
        SMTPAddressFailedException first = rcptFailed(BAD, 550, "550 5.1.1 no such user\n");
        first.setNextException(rcptFailed(FULL, 452, "452 4.2.2 Mailbox full\n"));
        SMTPSendFailedException partial = new SMTPSendFailedException(".", 250, "250 ok\n", first,
                new Address[] {ia(GOOD)}, new Address[] {ia(FULL)}, new Address[] {ia(BAD)});

        List<RecipientOutcome> outcomes = AttemptOutcomes.from(partial, List.of(BAD, GOOD, FULL), HOST);

        assertEquals(List.of(BAD, GOOD, FULL), outcomes.stream().map(RecipientOutcome::recipient).toList(),
                "outcomes follow the recipient order");
        assertEquals(Status.FAILED, outcomeFor(outcomes, BAD).status());
        assertEquals("550 5.1.1 no such user", outcomeFor(outcomes, BAD).reply().toString());
        assertEquals(Status.DELIVERED, outcomeFor(outcomes, GOOD).status());
        assertEquals(Status.DEFERRED, outcomeFor(outcomes, FULL).status());
        assertEquals("452 4.2.2 Mailbox full", outcomeFor(outcomes, FULL).reply().toString());
    }

    @Test
    void allRecipientsRefusedAtRcptEachFailWithTheirOwnReply() {
        SMTPAddressFailedException first = rcptFailed(BAD, 550, "550 5.1.1 unknown bad\n");
        first.setNextException(rcptFailed(GOOD, 553, "553 5.7.1 sender not allowed for good\n"));
        SendFailedException failed = new SendFailedException("Invalid Addresses", first,
                new Address[0], new Address[0], new Address[] {ia(BAD), ia(GOOD)});

        List<RecipientOutcome> outcomes = AttemptOutcomes.from(failed, List.of(BAD, GOOD), HOST);

        assertEquals("550 5.1.1 unknown bad", outcomeFor(outcomes, BAD).reply().toString());
        assertEquals("553 5.7.1 sender not allowed for good", outcomeFor(outcomes, GOOD).reply().toString());
        assertTrue(outcomes.stream().allMatch(o -> o.status() == Status.FAILED));
    }

    @Test
    void recipientAcceptedButNeverSentWhenOthersFailIsDeferred() {
        SendFailedException failed = new SendFailedException("Invalid Addresses", rcptFailed(BAD, 550, "550 5.1.1 no\n"),
                new Address[0], new Address[] {ia(GOOD)}, new Address[] {ia(BAD)});

        List<RecipientOutcome> outcomes = AttemptOutcomes.from(failed, List.of(GOOD, BAD), HOST);

        assertEquals(Status.DEFERRED, outcomeFor(outcomes, GOOD).status());
        assertEquals(451, outcomeFor(outcomes, GOOD).reply().code());
        assertEquals(Status.FAILED, outcomeFor(outcomes, BAD).status());
    }

    @Test
    void dataRefusedWith552FailsEveryRecipientWithTheReplyVerbatim() {
        SMTPSendFailedException tooBig = new SMTPSendFailedException(".", 552,
                "552 5.3.4 Message size exceeds fixed maximum message size\n", null,
                null, new Address[] {ia(GOOD), ia(BAD)}, null);

        List<RecipientOutcome> outcomes = AttemptOutcomes.from(tooBig, List.of(GOOD, BAD), HOST);

        for (RecipientOutcome o : outcomes) {
            assertEquals(Status.FAILED, o.status());
            assertEquals(552, o.reply().code());
            assertEquals("5.3.4", o.reply().enhancedCode());
            assertEquals("Message size exceeds fixed maximum message size", o.reply().text());
        }
    }

    @Test
    void aMessageOverTheAnnouncedSizeLimitFailsEveryRecipientNamingTheHostAndItsLimit() {
        List<RecipientOutcome> outcomes = AttemptOutcomes.from(new CaravanMailSender.MessageTooBig(35651584, 33554432),
                List.of(GOOD, BAD), HOST);

        for (RecipientOutcome o : outcomes) {
            assertEquals(Status.FAILED, o.status());
            assertEquals("552 5.3.4 Message size 35651584 exceeds the limit of " + HOST + ", 33554432 bytes", o.reply().toString());
        }
    }

    @Test
    void dataRefusedTemporarilyDefersEveryRecipient() {
        SMTPSendFailedException later = new SMTPSendFailedException("DATA", 451,
                "451 4.3.0 Temporary local problem\n", null, null, new Address[] {ia(GOOD)}, null);

        List<RecipientOutcome> outcomes = AttemptOutcomes.from(later, List.of(GOOD), HOST);

        assertEquals(Status.DEFERRED, outcomes.get(0).status());
        assertEquals("451 4.3.0 Temporary local problem", outcomes.get(0).reply().toString());
    }

    @Test
    void connectionDroppedAfterDataIsDeferredNotFailed() {
        SMTPSendFailedException eof = new SMTPSendFailedException(".", -1, "[EOF]", null, null,
                new Address[] {ia(GOOD)}, null);

        RecipientOutcome o = AttemptOutcomes.from(eof, List.of(GOOD), HOST).get(0);

        assertEquals(Status.DEFERRED, o.status());
        assertTrue(o.reply().text().contains("[EOF]"), o.reply().toString());
    }

    @Test
    void connectionRefusedIsDeferredWith441() {
        MessagingException refused = new MessagingException("Could not connect to SMTP host: mx.example.net, port: 25",
                new ConnectException("Connection refused"));

        List<RecipientOutcome> outcomes = AttemptOutcomes.from(refused, List.of(GOOD, BAD), HOST);

        for (RecipientOutcome o : outcomes) {
            assertEquals(Status.DEFERRED, o.status());
            assertEquals(451, o.reply().code());
            assertEquals("4.4.1", o.reply().enhancedCode());
            assertTrue(o.reply().text().contains(HOST), o.reply().text());
        }
    }

    @Test
    void angusConnectFailureWrappedByCamelIsDeferredWith441() {
        MailConnectException mce = new MailConnectException(new SocketConnectException("Connection refused",
                new ConnectException("Connection refused"), "mx.example.net", 25, 30000));
        RuntimeException camel = new RuntimeException("Failed to send", mce);

        RecipientOutcome o = AttemptOutcomes.from(camel, List.of(GOOD), HOST).get(0);

        assertEquals(Status.DEFERRED, o.status());
        assertEquals("4.4.1", o.reply().enhancedCode());
    }

    @Test
    void badGreetingIsDeferredAndKeepsTheRemoteReply() {
        MessagingException greeting = new MessagingException(
                "Got bad greeting from SMTP host: h, port: 25, response: 554 5.7.1 go away\n");

        RecipientOutcome o = AttemptOutcomes.from(greeting, List.of(GOOD), HOST).get(0);

        assertEquals(Status.DEFERRED, o.status());
        assertEquals(451, o.reply().code());
        assertEquals(HOST + " refused the session: 554 5.7.1 go away", o.reply().text());
    }

    @Test
    void timeoutIsDeferredWith442() {
        MessagingException timeout = new MessagingException("Exception reading response",
                new SocketTimeoutException("Read timed out"));

        RecipientOutcome o = AttemptOutcomes.from(timeout, List.of(GOOD), HOST).get(0);

        assertEquals(Status.DEFERRED, o.status());
        assertEquals("4.4.2", o.reply().enhancedCode());
    }

    @Test
    void unknownHostIsDeferredWith443() {
        MessagingException unknown = new MessagingException("Unknown SMTP host: mx.example.net",
                new UnknownHostException("mx.example.net"));

        RecipientOutcome o = AttemptOutcomes.from(unknown, List.of(GOOD), HOST).get(0);

        assertEquals(Status.DEFERRED, o.status());
        assertEquals("4.4.3", o.reply().enhancedCode());
    }

    @Test
    void anyOtherFailureWithoutAReplyIsDeferredWithItsMessage() {
        RecipientOutcome o = AttemptOutcomes.from(new IllegalStateException("TLS handshake went wrong"),
                List.of(GOOD), HOST).get(0);

        assertEquals(Status.DEFERRED, o.status());
        assertEquals("4.4.0", o.reply().enhancedCode());
        assertTrue(o.reply().text().contains("TLS handshake went wrong"), o.reply().text());
    }

    @Test
    void deliveredGivesEveryRecipient250FromTheHost() {
        List<RecipientOutcome> outcomes = AttemptOutcomes.delivered(List.of(GOOD, BAD), HOST, null);

        assertEquals(2, outcomes.size());
        for (RecipientOutcome o : outcomes) {
            assertEquals(Status.DELIVERED, o.status());
            assertEquals(250, o.reply().code());
            assertTrue(o.reply().text().contains(HOST));
        }
    }

    @Test
    void deliveredKeepsTheNextHopsFinalReplyVerbatim() {
        RecipientOutcome o = AttemptOutcomes.delivered(List.of(GOOD), HOST, "250 2.0.0 Ok: queued as 4Xyz12").get(0);

        assertEquals(Status.DELIVERED, o.status());
        assertEquals("250 2.0.0 Ok: queued as 4Xyz12", o.reply().toString());
    }
}
