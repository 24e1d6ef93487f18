package io.caravan.check;

import io.caravan.check.dmarc.DmarcVerdict;
import io.caravan.mail.ClientTrust;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.caravan.check.AgentFixture.exchange;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DMARC reads the SPF and DKIM findings the agents before it left on the inspection. */
class DmarcCheckTest {

    private final AgentFixture fixture = new AgentFixture(Map.of("spf", AgentFixture.settings("ignore")));
    private final SpfCheck spf = new SpfCheck(fixture.agents, fixture.dnsService, fixture.identity);
    private final DkimCheck dkim = new DkimCheck(fixture.agents, fixture.dnsService);
    private final DmarcCheck dmarc = new DmarcCheck(fixture.agents, fixture.dnsService);

    @AfterEach
    void close() {
        fixture.close();
    }

    /** Runs spf, dkim and dmarc as routes/10-receive.yaml does; returns the exchange. */
    private Exchange receive(String from, String clientIp) throws Exception {
        Exchange exchange = exchange("From: " + from + "\r\nSubject: x\r\n\r\nbody\r\n", from, clientIp, "client.example.org",
                ClientTrust.ANONYMOUS);
        spf.process(exchange);
        dkim.process(exchange);
        dmarc.process(exchange);
        return exchange;
    }

    private static Verdict last(Exchange exchange) {
        return Inspection.of(exchange).verdicts().get(Inspection.of(exchange).verdicts().size() - 1);
    }

    @Test
    void refusesByDefaultWhenThePolicyIsRejectAndNothingAligns() throws Exception {
        fixture.dns.txt("example.org", "v=spf1 ip4:192.0.2.0/24 -all").txt("_dmarc.example.org", "v=DMARC1; p=reject");
        Exchange exchange = receive("a@example.org", "198.51.100.7");
        Verdict v = last(exchange);
        assertEquals("fail", v.result());
        assertEquals(Verdict.Wish.REFUSE, v.wish());
        assertEquals(v.refusal().orElseThrow(), exchange.getIn().getHeader(io.caravan.mail.CaravanHeaders.SMTP_REPLY));
    }

    @Test
    void passesWhenSpfPassesForTheFromDomain() throws Exception {
        fixture.dns.txt("example.org", "v=spf1 ip4:192.0.2.0/24 -all").txt("_dmarc.example.org", "v=DMARC1; p=reject");
        Verdict v = last(receive("a@example.org", "192.0.2.7"));
        assertEquals("pass", v.result());
        assertTrue(((DmarcVerdict) v.finding()).spfAligned());
    }

    @Test
    void aQuarantinePolicyAsksForQuarantine() throws Exception {
        fixture.dns.txt("example.org", "v=spf1 -all").txt("_dmarc.example.org", "v=DMARC1; p=quarantine");
        Exchange exchange = receive("a@example.org", "198.51.100.7");
        assertEquals(Verdict.Wish.QUARANTINE, last(exchange).wish());
        assertEquals("quarantine", exchange.getProperty(Inspection.HOLD_PROPERTY));
    }

    @Test
    void aDnsFailureIsATemperrorAndTheMessageGoesOn() throws Exception {
        fixture.dns.txt("example.org", "v=spf1 -all").servfail("_dmarc.example.org");
        Exchange exchange = receive("a@example.org", "198.51.100.7");
        assertEquals("temperror", last(exchange).result());
        assertEquals(null, exchange.getIn().getHeader(io.caravan.mail.CaravanHeaders.SMTP_REPLY));
    }
}
