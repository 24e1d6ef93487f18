package io.caravan.check;

import io.caravan.check.authresults.AuthenticationResults.Property;
import io.caravan.check.spf.SpfResult;
import io.caravan.check.spf.SpfVerdict;
import io.caravan.mail.ClientTrust;
import io.caravan.mail.SmtpReply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.caravan.check.AgentFixture.exchange;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpfCheckTest {

    private static final String MESSAGE = "From: a@example.org\r\n\r\nbody\r\n";

    private final AgentFixture fixture = new AgentFixture();
    private final SpfCheck check = new SpfCheck(fixture.agents, fixture.dnsService, fixture.identity);

    @AfterEach
    void close() {
        fixture.close();
    }

    private Verdict inspect(String mailFrom, String ip, String helo) {
        return check.inspect(Inspection.of(exchange(MESSAGE, mailFrom, ip, helo, ClientTrust.ANONYMOUS)));
    }

    @Test
    void asksToRefuseWith55723WhenTheSenderDomainFailsTheClient() {
        fixture.dns.txt("example.org", "v=spf1 ip4:192.0.2.0/24 -all");
        Verdict v = inspect("a@example.org", "198.51.100.7", "client.example.org");
        assertEquals("fail", v.result());
        assertEquals(Verdict.Wish.REFUSE, v.wish());
        SmtpReply reply = v.refusal().orElseThrow();
        assertEquals(550, reply.code());
        assertTrue(reply.toString().contains("5.7.23"), reply.toString());
        assertEquals(SpfResult.FAIL, ((SpfVerdict) v.finding()).result());
    }

    @Test
    void aPassIsRecordedForAuthenticationResultsWithTheMailFromIdentity() {
        fixture.dns.txt("example.org", "v=spf1 ip4:192.0.2.0/24 -all");
        Verdict v = inspect("a@example.org", "192.0.2.9", "client.example.org");
        assertEquals(Verdict.Wish.ACCEPT, v.wish());
        assertEquals("spf", v.authResults().get(0).method());
        assertEquals("pass", v.authResults().get(0).result());
        assertEquals(new Property("smtp", "mailfrom", "example.org"), v.authResults().get(0).properties().get(0));
    }

    @Test
    void theNullSenderIsCheckedByItsHeloName() {
        fixture.dns.txt("client.example.org", "v=spf1 -all");
        Verdict v = inspect("", "192.0.2.9", "client.example.org");
        assertEquals("fail", v.result());
        assertEquals(new Property("smtp", "helo", "client.example.org"), v.authResults().get(0).properties().get(0));
    }

    @Test
    void aDnsFailureIsATemperrorNeverARefusal() {
        fixture.dns.servfail("example.org");
        Verdict v = inspect("a@example.org", "192.0.2.9", "client.example.org");
        assertEquals("temperror", v.result());
        assertEquals(Verdict.Wish.ACCEPT, v.wish());
    }
}
