package io.caravan.signing;

import io.caravan.dkim.Canonicalization;
import io.caravan.dkim.DkimAlgorithm;
import io.caravan.dkim.SignedData;
import io.caravan.dkim.TagList;
import io.caravan.mail.HeaderField;
import io.caravan.mail.MessageParts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.check.dkim.DkimResult;
import io.caravan.check.dkim.DkimVerifier;
import io.caravan.mail.RawMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DkimSignerTest {

    @TempDir
    Path dir;

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    static final String MESSAGE = Rfc8463.crlf(
            "Received: from client.example.com by mx.example.com",
            "From: Joe SixPack <joe@football.example.com>",
            "To: Suzie Q <suzie@shopping.example.net>,",
            "  Another Very Long Display Name <another.recipient.with.a.long.address@shopping.example.net>",
            "Subject: Is dinner ready?",
            "Date: Fri, 11 Jul 2003 21:00:37 -0700 (PDT)",
            "Message-ID: <20030712040037.46341.5F8J@football.example.com>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=us-ascii",
            "X-Mailer: not signed",
            "",
            "Hi.",
            "",
            "We lost the game.  Are you hungry yet?",
            "",
            "Joe.");

    private static String sign(DkimAlgorithm algorithm, String message) {
        SigningKey key = TestKeys.signingKey(algorithm, "football.example.com", "brisbane");
        return new String(new DkimSigner().signatureField(message.getBytes(StandardCharsets.UTF_8), key, NOW),
                StandardCharsets.UTF_8);
    }

    private static Map<String, String> tags(String field) {
        HeaderField f = MessageParts.parse((field + "\r\n").getBytes(StandardCharsets.UTF_8)).fields().get(0);
        return TagList.parse(f.unfoldedValue());
    }

    @ParameterizedTest
    @EnumSource(DkimAlgorithm.class)
    void signatureFieldIsOneFoldedDkimSignatureFieldEndingInCrlf(DkimAlgorithm algorithm) {
        String field = sign(algorithm, MESSAGE);
        assertTrue(field.startsWith("DKIM-Signature: v=1; a=" + algorithm.tag() + ";"), field);
        assertTrue(field.endsWith("\r\n"), field);
        assertFalse(field.substring(0, field.length() - 2).replace("\r\n ", "").contains("\r")
                || field.replace("\r\n", "").contains("\n"), "only CRLF+SP folds inside: " + field);
        String[] lines = field.split("\r\n");
        for (int i = 0; i < lines.length; i++) {
            assertTrue(lines[i].length() <= 78, "line " + i + " has " + lines[i].length() + " characters: " + lines[i]);
            if (i > 0) {
                assertTrue(lines[i].startsWith(" "), "continuation line " + i + " starts with a space");
            }
        }
        assertEquals(1, MessageParts.parse((field + "\r\n").getBytes(StandardCharsets.UTF_8)).fields().size());
    }

    @Test
    void defaultsAreRelaxedRelaxedWithATimestampAndNoBodyLength() {
        Map<String, String> tags = tags(sign(DkimAlgorithm.ED25519_SHA256, MESSAGE));
        assertEquals("relaxed/relaxed", tags.get("c"));
        assertEquals(String.valueOf(NOW.getEpochSecond()), tags.get("t"));
        assertEquals("football.example.com", tags.get("d"));
        assertEquals("brisbane", tags.get("s"));
        assertFalse(tags.containsKey("l"));
        assertEquals(64, Base64.getDecoder().decode(TagList.compact(tags.get("b"))).length);
    }

    @Test
    void signsTheRecommendedFieldsPresentAndOversignsTheIdentityFields() {
        List<String> h = List.of(TagList.compact(tags(sign(DkimAlgorithm.RSA_SHA256, MESSAGE)).get("h")).split(":"));
        assertEquals(List.of("from", "from", "subject", "subject", "date", "date", "to", "to", "message-id", "message-id",
                "mime-version", "mime-version", "content-type", "content-type"), h);
    }

    @Test
    void fromIsListedEvenWhenTheMessageHasNone() {
        MessageParts parts = MessageParts.parse("Subject: x\r\nReply-To: a@b\r\nReferences: <1@b>\r\n\r\n"
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("from", "reply-to", "subject", "subject", "references"), DkimSigner.signedFieldNames(parts));
    }

    @Test
    void fieldsOccurringTwiceAreListedTwicePlusOnceWhenOversigned() {
        MessageParts parts = MessageParts.parse("From: a\r\nCc: x\r\nCc: y\r\nList-Id: l\r\nList-Id: m\r\n\r\n"
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("from", "from", "cc", "cc", "cc", "list-id", "list-id"), DkimSigner.signedFieldNames(parts));
    }

    @Test
    void bodyHashIsTheRfc8463ExampleValueForTheExampleBody() {
        String unsigned = Rfc8463.SIGNED.substring(Rfc8463.SIGNED.indexOf("From: Joe"));
        assertEquals("2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=", tags(sign(DkimAlgorithm.ED25519_SHA256, unsigned)).get("bh"));
    }

    @Test
    void ed25519SigningReproducesTheRfc8463ExampleSignatureByteForByte() throws Exception {
        // PureEdDSA is deterministic: the RFC's seed over the RFC's header data must give the RFC's b=.
        byte[] seed = Base64.getDecoder().decode(Rfc8463.ED25519_SEED);
        PrivateKey key = KeyFactory.getInstance("Ed25519")
                .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
        MessageParts parts = MessageParts.parse(Rfc8463.SIGNED.getBytes(StandardCharsets.UTF_8));
        HeaderField signature = parts.fields().get(0);
        List<String> h = List.of("from", "to", "subject", "date", "message-id", "from", "subject", "date");
        byte[] data = SignedData.headers(parts, h, Canonicalization.RELAXED, SignedData.withoutSignatureValue(signature));
        assertEquals(Rfc8463.ED25519_B,
                Base64.getEncoder().encodeToString(DkimAlgorithm.ED25519_SHA256.sign(key, data)));
        assertEquals(Rfc8463.ED25519_RECORD, DkimSigner.dnsRecord(new SigningKey("football.example.com", "brisbane",
                DkimAlgorithm.ED25519_SHA256, key)));
    }

    @Test
    void removingTheSignatureValueKeepsEverythingElseOfTheField() {
        byte[] field = "DKIM-Signature: v=1; z=a|b=3D;\r\n b=abc\r\n def ; bh=xyz\r\n".getBytes(StandardCharsets.UTF_8);
        HeaderField f = MessageParts.parse(field).fields().get(0);
        assertEquals("DKIM-Signature: v=1; z=a|b=3D;\r\n b=; bh=xyz\r\n",
                new String(SignedData.withoutSignatureValue(f), StandardCharsets.UTF_8));
    }

    @Test
    void dnsRecordOfAnRsaKeyIsTheSubjectPublicKeyInfo() {
        SigningKey key = TestKeys.signingKey(DkimAlgorithm.RSA_SHA256, "example.com", "s1");
        String record = DkimSigner.dnsRecord(key);
        assertEquals("v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(TestKeys.rsa2048().getPublic().getEncoded()),
                record);
        assertEquals(record, DkimSigner.dnsRecord(TestKeys.rsa2048().getPublic(), DkimAlgorithm.RSA_SHA256));
    }

    @Test
    void dnsRecordOfAnEd25519KeyIsTheRaw32ByteKey() {
        String record = DkimSigner.dnsRecord(TestKeys.ed25519().getPublic(), DkimAlgorithm.ED25519_SHA256);
        assertTrue(record.startsWith("v=DKIM1; k=ed25519; p="));
        assertEquals(32, Base64.getDecoder().decode(record.substring(record.indexOf("p=") + 2)).length);
        assertEquals(record, DkimSigner.dnsRecord(TestKeys.signingKey(DkimAlgorithm.ED25519_SHA256, "example.com", "s")));
    }

    @Test
    void refusesRsaKeysUnder1024BitsForSigning() {
        PrivateKey weak = TestKeys.rsa(512).getPrivate();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SigningKey("example.com", "s1", DkimAlgorithm.RSA_SHA256, weak));
        assertTrue(e.getMessage().contains("512 bits"), e.getMessage());
        assertTrue(e.getMessage().contains("at least 2048 recommended"), e.getMessage());
    }

    @Test
    void warnsAbout1024BitRsaKeysButSignsWithThem() {
        SigningKey key = new SigningKey("example.com", "s1", DkimAlgorithm.RSA_SHA256, TestKeys.rsa(1024).getPrivate());
        assertTrue(key.warning().orElseThrow().contains("at least 2048 recommended"));
        assertTrue(TestKeys.signingKey(DkimAlgorithm.RSA_SHA256, "example.com", "s1").warning().isEmpty());
    }

    @Test
    void refusesAKeyOfTheWrongTypeForTheAlgorithm() {
        assertThrows(IllegalArgumentException.class, () -> new SigningKey("example.com", "s1",
                DkimAlgorithm.ED25519_SHA256, TestKeys.rsa2048().getPrivate()));
        assertThrows(IllegalArgumentException.class, () -> new SigningKey("example.com", "s1",
                DkimAlgorithm.RSA_SHA256, TestKeys.ed25519().getPrivate()));
    }

    @Test
    void neverPrintsThePrivateKey() {
        SigningKey key = TestKeys.signingKey(DkimAlgorithm.ED25519_SHA256, "example.com", "s1");
        assertEquals("SigningKey[s1._domainkey.example.com, ed25519-sha256]", key.toString());
    }

    @ParameterizedTest
    @EnumSource(DkimAlgorithm.class)
    void aSpooledMessageIsSignedExactlyAsTheSameBytesInTheHeapAndVerifies(DkimAlgorithm algorithm) throws Exception {
        StringBuilder big = new StringBuilder(MESSAGE);
        for (int i = 0; big.length() < 3 * RawMessage.SPOOL_THRESHOLD; i++) {
            big.append("line ").append(i).append("   with  spaces \r\n");
        }
        big.append("\r\n\r\n"); // trailing empty lines, which canonicalization drops
        byte[] bytes = big.toString().getBytes(StandardCharsets.US_ASCII);
        RawMessage spooled = RawMessage.spooled(Files.write(dir.resolve("big.eml"), bytes));
        assertTrue(spooled.isSpooled());
        SigningKey key = TestKeys.signingKey(algorithm, "football.example.com", "brisbane");

        byte[] field = new DkimSigner().signatureField(spooled, key, NOW);

        if (algorithm == DkimAlgorithm.ED25519_SHA256) { // deterministic: the very same signature
            assertEquals(new String(new DkimSigner().signatureField(bytes, key, NOW), StandardCharsets.US_ASCII),
                    new String(field, StandardCharsets.US_ASCII));
        }
        String record = DkimSigner.dnsRecord(key);
        List<DkimResult> results = new DkimVerifier(name -> List.of(record)).verify(spooled.prepend(field));
        assertTrue(results.get(0).passed(), results.toString());
    }
}
