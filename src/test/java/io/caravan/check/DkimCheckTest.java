package io.caravan.check;

import io.caravan.check.authresults.AuthenticationResults.Property;
import io.caravan.dkim.Canonicalization;
import io.caravan.dkim.DkimAlgorithm;
import io.caravan.mail.ClientTrust;
import io.caravan.signing.DkimSigner;
import io.caravan.signing.SigningKey;
import io.caravan.signing.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static io.caravan.check.AgentFixture.exchange;
import static org.junit.jupiter.api.Assertions.assertEquals;

class DkimCheckTest {

    private static final String MESSAGE = "From: Joe <joe@example.org>\r\nSubject: Dinner\r\n\r\nHi.\r\n";

    private final AgentFixture fixture = new AgentFixture();
    private final DkimCheck check = new DkimCheck(fixture.agents, fixture.dnsService);
    private final SigningKey key = TestKeys.signingKey(DkimAlgorithm.RSA_SHA256, "example.org", "s1");

    @AfterEach
    void close() {
        fixture.close();
    }

    private Verdict inspect(String message) {
        return check.inspect(Inspection.of(exchange(message, "joe@example.org", "192.0.2.1", "client", ClientTrust.ANONYMOUS)));
    }

    private String signed(String message) {
        byte[] field = new DkimSigner(Canonicalization.RELAXED, Canonicalization.RELAXED)
                .signatureField(message.getBytes(StandardCharsets.UTF_8), key, Instant.now());
        return new String(field, StandardCharsets.UTF_8) + message;
    }

    @Test
    void anUnsignedMessageIsNoneAndNeverRefused() {
        Verdict v = inspect(MESSAGE);
        assertEquals("none", v.result());
        assertEquals(Verdict.Wish.ACCEPT, v.wish());
        assertEquals("dkim", v.authResults().get(0).method());
    }

    @Test
    void aGoodSignaturePassesAndIsReportedWithItsDomainAndSelector() {
        fixture.dns.txt("s1._domainkey.example.org", DkimSigner.dnsRecord(key));
        Verdict v = inspect(signed(MESSAGE));
        assertEquals("pass", v.result());
        assertEquals(new Property("header", "d", "example.org"), v.authResults().get(0).properties().get(0));
        assertEquals(new Property("header", "s", "s1"), v.authResults().get(0).properties().get(1));
    }

    @Test
    void aBrokenSignatureAsksToRefuseWith57520() {
        fixture.dns.txt("s1._domainkey.example.org", DkimSigner.dnsRecord(key));
        Verdict v = inspect(signed(MESSAGE).replace("Hi.", "Ho."));
        assertEquals("fail", v.result());
        assertEquals(Verdict.Wish.REFUSE, v.wish());
        assertEquals("5.7.20", v.refusal().orElseThrow().enhancedCode());
    }
}
