// Explanations: each kind of SMTP reply gets the plain-language cause and advice a sender can act on.
package io.caravan.bounce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.mail.SmtpReply;
import org.junit.jupiter.api.Test;

class ExplanationsTest {

    @Test
    void unknownMailboxAsksTheSenderToCheckTheSpelling() {
        SmtpReply reply = SmtpReply.parse("550 5.1.1 <bob@example.org>: Recipient address rejected");

        assertContains(Explanations.whatHappened(reply), "mailbox does not exist");
        assertContains(Explanations.advice(reply), "spelling");
    }

    @Test
    void spamhausRejectionTellsTheAdministratorToCheckBlocklistsReverseDnsAndSpf() {
        SmtpReply reply = SmtpReply.parse("554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org");

        assertContains(Explanations.whatHappened(reply), "refused mail from our server's IP address");
        String advice = Explanations.advice(reply);
        assertContains(advice, "blocklists");
        assertContains(advice, "PTR");
        assertContains(advice, "SPF");
    }

    @Test
    void permanentStatus571IsARefusalOfOurServerEvenWithoutBlocklistWording() {
        assertContains(Explanations.advice(SmtpReply.parse("550 5.7.1 Message rejected")), "reverse DNS (PTR)");
    }

    @Test
    void blocklistWordingIsRecognisedWithoutAnEnhancedCode() {
        SmtpReply reply = SmtpReply.parse("554 Your IP is listed at bl.example.net");

        assertContains(Explanations.advice(reply), "blocklists");
    }

    @Test
    void greylistingIsATemporaryDeferralNotABlocklist() {
        SmtpReply reply = SmtpReply.parse("451 4.7.1 Greylisted, please try again later");

        assertContains(Explanations.whatHappened(reply), "did not accept the message for now");
        assertContains(Explanations.advice(reply), "we keep trying");
    }

    @Test
    void authenticationPolicyRejectionPointsAtSpfDkimAndDmarc() {
        SmtpReply reply = SmtpReply.parse("550 5.7.26 Unauthenticated email is not accepted due to DMARC policy");

        assertContains(Explanations.whatHappened(reply), "security policy");
        assertContains(Explanations.advice(reply), "DMARC");
    }

    @Test
    void refusedConnectionIsTemporaryAndWeKeepTrying() {
        SmtpReply reply = SmtpReply.of(421, "4.4.1", "Connection refused by mx.example.org");

        assertContains(Explanations.whatHappened(reply), "could not connect");
        assertContains(Explanations.advice(reply), "we keep trying");
    }

    @Test
    void expiryExplainsThatWeKeptTryingUntilTheTimeLimit() {
        SmtpReply reply = SmtpReply.of(550, "5.4.7", "Delivery time expired");

        assertContains(Explanations.whatHappened(reply), "kept trying");
        assertContains(Explanations.whatHappened(reply), "time limit");
    }

    @Test
    void nullMxSaysTheDomainAcceptsNoMail() {
        SmtpReply reply = SmtpReply.parse("556 5.1.10 Recipient domain does not accept mail (null MX)");

        assertContains(Explanations.whatHappened(reply), "accepts no mail");
        assertContains(Explanations.advice(reply), "domain");
    }

    @Test
    void nonexistentDomainAsksToCheckTheDomain() {
        assertContains(Explanations.whatHappened(SmtpReply.of(550, "5.1.2", "Host unknown")), "domain does not exist");
    }

    @Test
    void missingRouteAndDnsTroubleAreTold() {
        assertContains(Explanations.whatHappened(SmtpReply.of(550, "5.4.4", "no MX")), "no mail server");
        assertContains(Explanations.whatHappened(SmtpReply.of(451, "4.4.3", "SERVFAIL")), "DNS");
    }

    @Test
    void fullMailboxAndOversizedMessagesAreTold() {
        assertContains(Explanations.whatHappened(SmtpReply.parse("552 5.2.2 Mailbox full")), "mailbox is full");
        assertContains(Explanations.advice(SmtpReply.parse("552 5.3.4 Message too big")), "smaller message");
        assertContains(Explanations.advice(SmtpReply.parse("552 Message size exceeds fixed limit")), "smaller message");
    }

    @Test
    void loopPointsTheAdministratorAtRouting() {
        assertContains(Explanations.whatHappened(SmtpReply.of(554, "5.4.6", "Too many hops")), "loop");
    }

    @Test
    void unknownUserWordingIsRecognisedWithoutAnEnhancedCode() {
        assertContains(Explanations.advice(SmtpReply.parse("550 No such user here")), "spelling");
    }

    @Test
    void unrecognisedRepliesFallBackOnTheirClass() {
        assertContains(Explanations.whatHappened(SmtpReply.parse("451 4.3.0 Local error in processing")), "for now");
        assertContains(Explanations.whatHappened(SmtpReply.parse("550 Requested action not taken")), "permanently");
        assertEquals("The message was delivered.", Explanations.whatHappened(SmtpReply.parse("250 2.0.0 Ok: queued as 4F2")));
    }

    private static void assertContains(String text, String expected) {
        assertTrue(text.contains(expected), () -> "expected \"" + expected + "\" in: " + text);
    }
}
