package io.caravan.check.dkim;

import io.caravan.dns.DnsService;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.check.dkim.DkimResult.Result;
import io.caravan.dkim.Canonicalization;
import io.caravan.dkim.DkimAlgorithm;
import io.caravan.signing.DkimSigner;
import io.caravan.signing.SigningKey;
import io.caravan.signing.TestKeys;
import io.caravan.testing.DnsResponder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The verdicts for messages that must not pass, each against keys served by a loopback DNS responder. */
class DkimVerifierTest {

    private static final String NAME = "s1._domainkey.example.com";
    private static final String MESSAGE = "From: Joe <joe@example.com>\r\nTo: suzie@example.net\r\n"
            + "Subject: Dinner\r\nDate: Fri, 11 Jul 2003 21:00:37 -0700\r\nMessage-ID: <1@example.com>\r\n\r\n"
            + "Hi.\r\n\r\nWe lost the game.\r\n";
    private static final List<String> FROM_SUBJECT = List.of("from", "subject");

    private DnsResponder dns;
    private DkimVerifier verifier;
    private final SigningKey rsa = TestKeys.signingKey(DkimAlgorithm.RSA_SHA256, "example.com", "s1");
    private final SigningKey ed25519 = TestKeys.signingKey(DkimAlgorithm.ED25519_SHA256, "example.com", "s1");

    @BeforeEach
    void startDns() {
        dns = DnsResponder.start();
        verifier = new DkimVerifier(DkimKeyLookup.of(DnsService.using(List.of(dns.address()), Duration.ofMillis(500))));
    }

    @AfterEach
    void stopDns() {
        dns.close();
    }

    private static byte[] signed(SigningKey key, String message) {
        return DkimRoundTripTest.signed(message, key, Canonicalization.RELAXED, Canonicalization.RELAXED);
    }

    private static byte[] manual(String extraTags, KeyPair pair, String message) {
        return ManualSignature.sign(message, "v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=s1;"
                + " h=from:subject;" + extraTags, DkimAlgorithm.RSA_SHA256, pair.getPrivate(), Canonicalization.RELAXED,
                Canonicalization.RELAXED, -1, FROM_SUBJECT);
    }

    private DkimResult only(byte[] message) {
        List<DkimResult> results = verifier.verify(message);
        assertEquals(1, results.size(), results.toString());
        return results.get(0);
    }

    private DkimResult only(String message) {
        return only(message.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private void assertResult(Result expected, String reasonPart, DkimResult actual) {
        assertEquals(expected, actual.result(), actual.reason());
        assertTrue(actual.reason().contains(reasonPart), "reason '" + actual.reason() + "' lacks '" + reasonPart + "'");
    }

    @Test
    void passesAMessageSignedWithAPublishedKeyAndReportsHeaderB() {
        dns.txt(NAME, DkimSigner.dnsRecord(ed25519));
        byte[] message = signed(ed25519, MESSAGE);
        DkimResult r = only(message);
        assertResult(Result.PASS, "signature verified", r);
        String b = text(message).replaceAll("(?s).*\r\n b=", "").replaceAll("\\s", "").replaceAll("From:.*", "");
        assertEquals(b.substring(0, 8), r.headerB());
        assertNull(r.identity());
    }

    @Test
    void failsWhenTheBodyChangedAfterSigning() {
        dns.txt(NAME, DkimSigner.dnsRecord(rsa));
        String tampered = text(signed(rsa, MESSAGE)).replace("We lost", "We won");
        assertResult(Result.FAIL, "body hash did not verify", only(tampered));
    }

    @Test
    void failsWhenASignedHeaderChangedAfterSigning() {
        dns.txt(NAME, DkimSigner.dnsRecord(rsa));
        String tampered = text(signed(rsa, MESSAGE)).replace("Subject: Dinner", "Subject: Lunch");
        assertResult(Result.FAIL, "signature did not verify", only(tampered));
    }

    @Test
    void passesWhenAnUnsignedHeaderIsAddedAfterSigning() {
        dns.txt(NAME, DkimSigner.dnsRecord(rsa));
        String relayed = "Received: by relay.example.net\r\nX-Spam: no\r\n" + text(signed(rsa, MESSAGE));
        assertResult(Result.PASS, "signature verified", only(relayed));
    }

    @Test
    void failsWhenASecondFromIsAddedAfterSigningBecauseFromIsOversigned() {
        dns.txt(NAME, DkimSigner.dnsRecord(ed25519));
        String signed = text(signed(ed25519, MESSAGE));
        assertResult(Result.FAIL, "signature did not verify", only("From: Bank <alerts@bank.example>\r\n" + signed));
        assertResult(Result.FAIL, "signature did not verify",
                only(signed.replace("To: suzie", "From: Bank <alerts@bank.example>\r\nTo: suzie")));
        assertResult(Result.FAIL, "signature did not verify",
                only(signed.replace("\r\n\r\nHi.", "\r\nSubject: Urgent\r\n\r\nHi.")));
    }

    @Test
    void aFieldThatWasAbsentAtSigningIsNotCoveredSoAddingItPasses() {
        dns.txt(NAME, DkimSigner.dnsRecord(ed25519));
        String signed = text(signed(ed25519, MESSAGE));
        assertResult(Result.PASS, "signature verified", only(signed.replace("\r\n\r\nHi.", "\r\nCc: x@y\r\n\r\nHi.")));
    }

    @Test
    void aMissingKeyIsAPermanentError() {
        assertResult(Result.PERMERROR, "no key for signature", only(signed(rsa, MESSAGE)));
    }

    @Test
    void aNameWithoutTxtRecordsIsAPermanentError() {
        dns.a(NAME, "192.0.2.1");
        assertResult(Result.PERMERROR, "no key for signature", only(signed(rsa, MESSAGE)));
    }

    @Test
    void aRevokedKeyIsAPermanentError() {
        dns.txt(NAME, "v=DKIM1; k=rsa; p=");
        assertResult(Result.PERMERROR, "key revoked", only(signed(rsa, MESSAGE)));
    }

    @Test
    void anEd25519KeyForAnRsaSignatureIsAPermanentError() {
        dns.txt(NAME, DkimSigner.dnsRecord(ed25519));
        assertResult(Result.PERMERROR, "k=ed25519 does not match a=rsa-sha256", only(signed(rsa, MESSAGE)));
    }

    @Test
    void aKeyRecordWithoutKIsAnRsaKey() {
        dns.txt(NAME, DkimSigner.dnsRecord(rsa).replace("k=rsa; ", ""));
        assertResult(Result.PASS, "signature verified", only(signed(rsa, MESSAGE)));
        dns.reset();
        dns.txt(NAME, DkimSigner.dnsRecord(ed25519).replace("k=ed25519; ", ""));
        assertResult(Result.PERMERROR, "k=rsa does not match a=ed25519-sha256", only(signed(ed25519, MESSAGE)));
    }

    @Test
    void aSignatureMadeWithA512BitRsaKeyIsAPermanentError() {
        KeyPair weak = TestKeys.rsa(512);
        dns.txt(NAME, "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(weak.getPublic().getEncoded()));
        assertResult(Result.PERMERROR, "RSA key of 512 bits is too short", only(manual("", weak, MESSAGE)));
    }

    @Test
    void anExpiredSignatureIsAPermanentError() {
        dns.txt(NAME, DkimSigner.dnsRecord(rsa));
        long now = Instant.now().getEpochSecond();
        byte[] message = manual(" t=" + (now - 7200) + "; x=" + (now - 3600) + ";", TestKeys.rsa2048(), MESSAGE);
        assertResult(Result.PERMERROR, "signature expired", only(message));
        DkimVerifier earlier = new DkimVerifier(DkimKeyLookup.of(DnsService.using(List.of(dns.address()), Duration.ofMillis(500))),
                Clock.fixed(Instant.ofEpochSecond(now - 3700), ZoneOffset.UTC));
        assertEquals(Result.PASS, earlier.verify(message).get(0).result(), "valid before x=");
    }

    @Test
    void dnsServfailIsATemporaryError() {
        dns.servfail(NAME);
        assertResult(Result.TEMPERROR, "key lookup failed", only(signed(rsa, MESSAGE)));
    }

    @Test
    void aBodyLengthLimitKeepsPassingWhenContentIsAppended() {
        dns.txt(NAME, DkimSigner.dnsRecord(rsa));
        long length = "Hi.\r\n\r\nWe lost the game.\r\n".length();
        String signed = text(ManualSignature.sign(MESSAGE, "v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com;"
                + " s=s1; h=from:subject; l=" + length + ";", DkimAlgorithm.RSA_SHA256, rsa.privateKey(),
                Canonicalization.RELAXED, Canonicalization.RELAXED, length, FROM_SUBJECT));
        assertResult(Result.PASS, "signature verified", only(signed));
        DkimResult appended = only(signed + "-- \r\nAppended by a mailing list\r\n");
        assertResult(Result.PASS, "only the first " + length + " body bytes are signed", appended);
        assertResult(Result.FAIL, "body is shorter than l=", only(signed.replace("We lost the game.\r\n", "")));
    }

    @Test
    void rsaSha1IsRefused() {
        dns.txt(NAME, DkimSigner.dnsRecord(rsa));
        String sha1 = text(signed(rsa, MESSAGE)).replace("a=rsa-sha256", "a=rsa-sha1");
        assertResult(Result.PERMERROR, "rsa-sha1", only(sha1));
    }

    @Test
    void aSignatureThatDoesNotCoverFromIsAPermanentError() {
        dns.txt(NAME, DkimSigner.dnsRecord(rsa));
        byte[] message = ManualSignature.sign(MESSAGE, "v=1; a=rsa-sha256; d=example.com; s=s1; h=subject:date;",
                DkimAlgorithm.RSA_SHA256, rsa.privateKey(), Canonicalization.SIMPLE, Canonicalization.SIMPLE, -1,
                List.of("subject", "date"));
        assertResult(Result.PERMERROR, "h= does not include From", only(message));
    }

    @Test
    void anIdentityOutsideTheSigningDomainIsAPermanentError() {
        dns.txt(NAME, DkimSigner.dnsRecord(rsa));
        assertResult(Result.PERMERROR, "i= domain is not d=", only(manual(" i=joe@example.org;", TestKeys.rsa2048(), MESSAGE)));
        assertResult(Result.PERMERROR, "i= domain is not d=",
                only(manual(" i=@notexample.com;", TestKeys.rsa2048(), MESSAGE)));
        DkimResult sub = only(manual(" i=joe@mail.example.com;", TestKeys.rsa2048(), MESSAGE));
        assertResult(Result.PASS, "signature verified", sub);
        assertEquals("joe@mail.example.com", sub.identity());
    }

    @Test
    void aStrictKeyRefusesAnIdentityInASubdomain() {
        dns.txt(NAME, DkimSigner.dnsRecord(rsa) + "; t=s");
        assertResult(Result.PERMERROR, "t=s", only(manual(" i=joe@mail.example.com;", TestKeys.rsa2048(), MESSAGE)));
        assertResult(Result.PASS, "signature verified", only(manual(" i=joe@example.com;", TestKeys.rsa2048(), MESSAGE)));
    }

    @Test
    void aTestingKeyStillVerifiesAndSaysSo() {
        dns.txt(NAME, "v=DKIM1; t=y; " + DkimSigner.dnsRecord(rsa).substring("v=DKIM1; ".length()));
        DkimResult r = only(signed(rsa, MESSAGE));
        assertResult(Result.PASS, "testing mode (t=y)", r);
        assertTrue(r.testing());
    }

    @Test
    void aKeyThatAllowsOnlySha1IsAPermanentError() {
        dns.txt(NAME, "v=DKIM1; h=sha1; " + DkimSigner.dnsRecord(rsa).substring("v=DKIM1; ".length()));
        assertResult(Result.PERMERROR, "does not allow sha256", only(signed(rsa, MESSAGE)));
    }

    @Test
    void aSignatureMissingARequiredTagIsAPermanentError() {
        dns.txt(NAME, DkimSigner.dnsRecord(rsa));
        String noV = text(signed(rsa, MESSAGE)).replace("v=1; ", "");
        DkimResult r = only(noV);
        assertResult(Result.PERMERROR, "no v= tag", r);
        assertEquals("example.com", r.domain());
        assertEquals("s1", r.selector());
    }

    @Test
    void theKeyRecordThatVerifiesWinsWhenASelectorHasSeveral() {
        dns.txt(NAME, "v=DKIM1; k=rsa; p=")
                .txt(NAME, DkimSigner.dnsRecord(rsa));
        assertResult(Result.PASS, "signature verified", only(signed(rsa, MESSAGE)));
    }

    @Test
    void everySignatureGetsItsOwnResultInFieldOrder() {
        dns.txt(NAME, DkimSigner.dnsRecord(rsa));
        SigningKey other = TestKeys.signingKey(DkimAlgorithm.ED25519_SHA256, "example.org", "ed");
        dns.txt("ed._domainkey.example.org", DkimSigner.dnsRecord(other));
        byte[] once = signed(rsa, MESSAGE);
        byte[] twice = DkimRoundTripTest.signed(text(once), other, Canonicalization.SIMPLE, Canonicalization.SIMPLE);
        List<DkimResult> results = verifier.verify(twice);
        assertEquals(List.of("example.org", "example.com"), results.stream().map(DkimResult::domain).toList());
        assertEquals(List.of(Result.PASS, Result.PASS), results.stream().map(DkimResult::result).toList());
    }

    @Test
    void signaturesBeyondTheTenthAreReportedNeutralWithoutBeingChecked() {
        dns.txt(NAME, DkimSigner.dnsRecord(ed25519));
        byte[] message = MESSAGE.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < DkimVerifier.MAX_SIGNATURES + 1; i++) {
            message = signed(ed25519, text(message));
        }
        List<DkimResult> results = verifier.verify(message);
        assertEquals(DkimVerifier.MAX_SIGNATURES + 1, results.size());
        assertEquals(Result.PASS, results.get(DkimVerifier.MAX_SIGNATURES - 1).result());
        assertResult(Result.NEUTRAL, "not checked", results.get(DkimVerifier.MAX_SIGNATURES));
    }

    @Test
    void anUnsignedMessageHasTheSingleResultNone() {
        assertEquals(List.of(DkimResult.none()), verifier.verify(MESSAGE.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aMalformedSignatureFieldIsAPermanentErrorNotAnException() {
        DkimResult r = only("DKIM-Signature: this is not a tag list\r\n" + MESSAGE);
        assertResult(Result.PERMERROR, "malformed DKIM-Signature", r);
    }
}
