package io.caravan.check.dkim;

import io.caravan.dns.DnsService;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.caravan.check.dkim.DkimResult.Result;
import io.caravan.signing.Rfc8463;
import io.caravan.testing.DnsResponder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RFC 8463 Appendix A.3, verified with the A.2 keys served by a real DNS responder on loopback. */
class Rfc8463ExampleTest {

    private DnsResponder dns;
    private DkimVerifier verifier;

    @BeforeEach
    void publishTheExampleKeys() {
        dns = DnsResponder.start()
                .txt(Rfc8463.ED25519_NAME, Rfc8463.ED25519_RECORD)
                .txt(Rfc8463.RSA_NAME, Rfc8463.RSA_RECORD);
        verifier = new DkimVerifier(DkimKeyLookup.of(DnsService.using(List.of(dns.address()), Duration.ofSeconds(2))));
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    private List<DkimResult> verify(String message) {
        return verifier.verify(message.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void bothExampleSignaturesPass() {
        List<DkimResult> results = verify(Rfc8463.SIGNED);
        assertEquals(2, results.size());
        assertEquals(new DkimResult("football.example.com", "brisbane", "ed25519-sha256", "@football.example.com",
                Result.PASS, "signature verified", "/gCrinpc", false), results.get(0));
        assertEquals(new DkimResult("football.example.com", "test", "rsa-sha256", "@football.example.com",
                Result.PASS, "signature verified", "F45dVWDf", false), results.get(1));
    }

    @Test
    void bothStillPassAfterWhitespaceChangesInTransit() {
        String respaced = Rfc8463.SIGNED.replace("Subject: Is dinner ready?", "Subject:   Is dinner\r\n\t ready?  ")
                .replace("Are you hungry yet?", "Are  you hungry yet?\t ");
        assertEquals(List.of(Result.PASS, Result.PASS), verify(respaced).stream().map(DkimResult::result).toList());
    }

    @Test
    void bothFailWhenTheBodyChanges() {
        List<DkimResult> results = verify(Rfc8463.SIGNED.replace("We lost the game.", "We won the game."));
        assertEquals(List.of(Result.FAIL, Result.FAIL), results.stream().map(DkimResult::result).toList());
        assertEquals("body hash did not verify", results.get(0).reason());
    }

    @Test
    void bothFailWhenASignedHeaderChanges() {
        List<DkimResult> results = verify(Rfc8463.SIGNED.replace("Subject: Is dinner ready?", "Subject: Is lunch ready?"));
        assertEquals(List.of(Result.FAIL, Result.FAIL), results.stream().map(DkimResult::result).toList());
        assertEquals("signature did not verify", results.get(1).reason());
    }

    @Test
    void bothFailWhenASecondFromIsAddedBecauseTheExampleOversignsFrom() {
        String forged = Rfc8463.SIGNED.replace("From: Joe SixPack", "From: Bank <alerts@bank.example>\r\nFrom: Joe SixPack");
        assertEquals(List.of(Result.FAIL, Result.FAIL), verify(forged).stream().map(DkimResult::result).toList());
    }
}
