// Email authentication end to end: DKIM signing of our mail (verified by a verifier that did not sign it), SPF/DKIM/DMARC inbound.
package io.caravan.it;

import io.caravan.check.dkim.DkimKeyLookup;
import io.caravan.check.dkim.DkimResult;
import io.caravan.check.dkim.DkimVerifier;
import io.caravan.mail.RawMessage;
import io.caravan.receive.ReceiveConnectorComponent;
import io.caravan.signing.DkimKeyring;
import io.caravan.signing.SigningKey;
import io.caravan.testing.RecordingSmtpServer.Received;
import io.caravan.testing.SmtpTestClient;
import io.caravan.testing.TrackingLog;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.*;

@QuarkusTest
@QuarkusTestResource(value = MailWorld.class, restrictToAnnotatedClass = false)
class EmailAuthenticationTest {

    @Inject
    CamelContext camel;

    @Inject
    DkimKeyring keyring;

    int port(String connector) {
        return camel.getComponent("receive-connector", ReceiveConnectorComponent.class).boundPort(connector).orElseThrow();
    }

    static byte[] message(String from, String subject) {
        return ("From: Sender <" + from + ">\r\nTo: someone@remote.test\r\nSubject: " + subject
                + "\r\nDate: Thu, 26 Nov 2026 10:00:00 +0000\r\nMessage-ID: <" + subject.replace(' ', '.') + "@test>\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello,\r\n\r\n  spaced   line  \r\n.dot\r\n\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The records our keyring would publish, served to a verifier that shares nothing with the signer's code path. */
    DkimKeyLookup publishedKeys() {
        Map<String, String> records = new HashMap<>();
        keyring.keysFor("example.com").forEach(k -> records.put(k.selector() + "._domainkey.example.com", DkimKeyring.record(k)));
        return name -> {
            String r = records.get(name.endsWith(".") ? name.substring(0, name.length() - 1) : name);
            if (r == null) {
                throw new DkimKeyLookup.NotFound(name);
            }
            return List.of(r);
        };
    }

    @Test
    void ourMailIsSignedWithRsaAndEd25519AndVerifiesAtTheReceiver() throws Exception {
        try (SmtpTestClient c = SmtpTestClient.connect(port("default"))) {
            RelayPipelineTest.queueId(c.sendMessage("boss@example.com", List.of("signed@remote.test"), message("boss@example.com", "signed mail")));
        }
        Received got = RelayPipelineTest.awaitDeliveryTo("signed@remote.test");
        String text = got.text();
        assertTrue(text.startsWith("DKIM-Signature: v=1; a=rsa-sha256;") || text.startsWith("DKIM-Signature:"), text);
        assertEquals(2, text.split("DKIM-Signature:", -1).length - 1, "an RSA and an Ed25519 signature");
        List<DkimResult> results = new DkimVerifier(publishedKeys()).verify(got.data());
        assertEquals(2, results.size(), results.toString());
        assertTrue(results.stream().allMatch(DkimResult::passed), results.toString());
        assertEquals(List.of("ed25519-sha256", "rsa-sha256"), results.stream().map(DkimResult::algorithm).sorted().toList());
        verifyWithDkimpyIfInstalled(got.data());
    }

    /** {@link #message} with its body grown past the spool threshold, so every stage works on it spooled. */
    static byte[] largeMessage(String from, String subject) {
        StringBuilder text = new StringBuilder(new String(message(from, subject), StandardCharsets.UTF_8));
        for (int line = 0; text.length() < 3 * RawMessage.SPOOL_THRESHOLD; line++) {
            text.append(line % 40 == 0 ? ".dotted  " : "").append(Integer.toString(line, 36).repeat(18)).append("  \r\n");
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aMessageTooLargeForTheHeapIsSignedWhileSpooledAndVerifies() throws Exception {
        byte[] original = largeMessage("boss@example.com", "signed large mail");
        try (SmtpTestClient c = SmtpTestClient.connect(port("default"))) {
            RelayPipelineTest.queueId(c.sendMessage("boss@example.com", List.of("signed-large@remote.test"), original));
        }
        Received got = RelayPipelineTest.awaitDeliveryTo("signed-large@remote.test");
        List<DkimResult> results = new DkimVerifier(publishedKeys()).verify(got.data());
        assertEquals(2, results.size(), results.toString());
        assertTrue(results.stream().allMatch(DkimResult::passed), results.toString());
        String text = got.text();
        assertTrue(text.endsWith(new String(original, StandardCharsets.UTF_8)), "the bytes after the prepended fields are the client's");
        verifyWithDkimpyIfInstalled(got.data());
    }

    @Test
    void aSpooledInboundMessageGetsItsVerdictsAndLosesForgedResults() throws IOException {
        byte[] original = largeMessage("hello@good.test", "large legit");
        byte[] forged = ("Authentication-Results: caravan.test; dmarc=pass header.from=good.test\r\n"
                + new String(original, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        try (SmtpTestClient c = SmtpTestClient.connect(port("inbound"))) {
            RelayPipelineTest.queueId(c.sendMessage("hello@good.test", List.of("large-legit@example.com"), forged));
        }
        String stored = Await.until(() -> {
            String m = maildir("large-legit");
            return m != null && m.length() >= original.length ? m : null;
        }, Duration.ofSeconds(30), "the large message in the maildir");
        assertEquals(1, stored.split("Authentication-Results: caravan.test", -1).length - 1, "ours only, the forged one removed");
        assertTrue(stored.contains("spf=pass smtp.mailfrom=good.test"), stored.substring(0, 2000));
        assertTrue(stored.contains("dmarc=pass"), stored.substring(0, 2000));
        assertTrue(stored.endsWith(new String(original, StandardCharsets.UTF_8)), "the client's bytes follow untouched");
    }

    /** dkimpy (Debian python3-dkim) is an implementation that shares no code with ours. */
    private void verifyWithDkimpyIfInstalled(byte[] signed) throws Exception {
        Path python = Path.of("/usr/bin/python3");
        if (!Files.isExecutable(python) || new ProcessBuilder(python.toString(), "-c", "import dkim, nacl").start().waitFor() != 0) {
            return; // .ci/run installs python3-dkim and python3-nacl; without them the Java verifier above stands alone
        }
        Path msg = Files.createTempFile("signed", ".eml");
        Files.write(msg, signed);
        StringBuilder records = new StringBuilder("{");
        for (SigningKey k : keyring.keysFor("example.com")) {
            records.append("b'").append(k.selector()).append("._domainkey.example.com.': b'").append(DkimKeyring.record(k)).append("',");
        }
        records.append("}");
        String script = "import dkim,sys\nrecs=" + records + "\nm=open(sys.argv[1],'rb').read()\n"
                + "d=dkim.DKIM(m)\nok=[d.verify(idx=i, dnsfunc=lambda n, timeout=5: recs.get(n)) for i in range(2)]\n"
                + "print(ok)\nsys.exit(0 if all(ok) else 1)\n";
        Process p = new ProcessBuilder(python.toString(), "-c", script, msg.toString()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "dkimpy did not verify both signatures: " + out);
    }

    @Test
    void mailFromTheInternetClaimingOurDomainIsNotSigned() throws IOException {
        try (SmtpTestClient c = SmtpTestClient.connect(port("edge"))) {
            RelayPipelineTest.queueId(c.sendMessage("boss@example.com", List.of("inbound@example.com"), message("boss@example.com", "spoof")));
        }
        String stored = Await.until(() -> maildir("inbound"), Duration.ofSeconds(30), "the inbound message in the maildir");
        assertFalse(stored.contains("DKIM-Signature:"), stored);
    }

    @Test
    void dmarcRejectPolicyIsRefusedAtEndOfData() throws IOException {
        try (SmtpTestClient c = SmtpTestClient.connect(port("edge"))) {
            SmtpTestClient.Reply r = c.sendMessage("ceo@strict.test", List.of("victim@example.com"), message("ceo@strict.test", "wire money"));
            assertTrue(r.last().startsWith("550 5.7.1 Message rejected by the DMARC policy of strict.test"), r.text());
            assertEquals(250, c.command("NOOP").code());
        }
    }

    @Test
    void dmarcQuarantinePolicyHoldsTheMessageUntilAnAdministratorReleasesIt() throws IOException {
        String id;
        try (SmtpTestClient c = SmtpTestClient.connect(port("edge"))) {
            id = RelayPipelineTest.queueId(c.sendMessage("news@q.test", List.of("quarantined@example.com"), message("news@q.test", "offer")));
        }
        var held = given().get("/api/quarantine").then().statusCode(200).extract().jsonPath();
        int i = held.getList("messages.queueId").indexOf(id);
        assertTrue(i >= 0, "held in the quarantine: " + held.prettify());
        assertEquals("dmarc", held.getString("messages[" + i + "].agent"));
        assertEquals("news@q.test", held.getString("messages[" + i + "].sender"));
        assertEquals(List.of("quarantined@example.com"), held.getList("messages[" + i + "].recipients"));
        assertEquals("offer", held.getString("messages[" + i + "].subject"));
        assertTrue(held.getString("messages[" + i + "].reason").startsWith("policy quarantine of q.test"), held.prettify());
        String headers = given().get("/api/quarantine/" + id).then().statusCode(200).extract().jsonPath().getString("headers");
        assertTrue(headers.contains("dmarc=fail"), headers);
        assertTrue(headers.contains("Subject: offer"), headers);
        assertNull(maildir("quarantined"), "not delivered while held");
        assertTrue(TrackingLog.events(id, "QUARANTINED").stream().anyMatch(e -> "dmarc".equals(e.getString("agent"))), TrackingLog.events(id).toString());

        given().post("/api/quarantine/" + id + "/release").then().statusCode(200);
        String stored = Await.until(() -> maildir("quarantined"), Duration.ofSeconds(30), "the released message");
        assertTrue(stored.contains("dmarc=fail"), stored);
        assertTrue(stored.endsWith("offer\r\n") || stored.contains("Subject: offer"), stored);
        assertFalse(TrackingLog.events(id, "RELEASED").isEmpty(), TrackingLog.events(id).toString());
        given().get("/api/quarantine/" + id).then().statusCode(404);
        given().post("/api/quarantine/" + id + "/release").then().statusCode(404);
    }

    @Test
    void aQuarantinedMessageCanBeDeletedUnreleased() throws IOException {
        String id;
        try (SmtpTestClient c = SmtpTestClient.connect(port("edge"))) {
            id = RelayPipelineTest.queueId(c.sendMessage("news@q.test", List.of("discarded@example.com"), message("news@q.test", "junk")));
        }
        given().get("/api/quarantine/" + id).then().statusCode(200);
        given().delete("/api/quarantine/" + id).then().statusCode(200);
        given().get("/api/quarantine/" + id).then().statusCode(404);
        assertTrue(TrackingLog.events(id, "QUARANTINE_REMOVED").stream().anyMatch(e -> "administrator".equals(e.getString("reason"))),
                TrackingLog.events(id).toString());
        assertNull(maildir("discarded"));
    }

    @Test
    void passingMailGetsOneAuthenticationResultsFieldAndForgedOnesAreRemoved() throws IOException {
        byte[] forged = ("Authentication-Results: caravan.test; dmarc=pass header.from=good.test\r\n"
                + "Authentication-Results: other.example; spf=pass\r\n" + new String(message("hello@good.test", "legit"), StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8);
        try (SmtpTestClient c = SmtpTestClient.connect(port("edge"))) {
            RelayPipelineTest.queueId(c.sendMessage("hello@good.test", List.of("legit@example.com"), forged));
        }
        String stored = Await.until(() -> maildir("legit"), Duration.ofSeconds(30), "the passing message");
        assertEquals(1, stored.split("Authentication-Results: caravan.test", -1).length - 1, stored);
        assertTrue(stored.contains("spf=pass smtp.mailfrom=good.test"), stored);
        assertTrue(stored.contains("dmarc=pass"), stored);
        assertTrue(stored.contains("Authentication-Results: other.example; spf=pass"), "other servers' results are kept");
    }

    @Test
    void theExampleHeaderRuleAgentRefusesAMatchingSubjectAtEndOfData() throws IOException {
        try (SmtpTestClient c = SmtpTestClient.connect(port("edge"))) {
            SmtpTestClient.Reply r = c.sendMessage("hello@good.test", List.of("rule@example.com"),
                    message("hello@good.test", "Cheap FORBIDDEN-TOKEN today"));
            assertEquals("550 5.7.1 Message refused by a header rule: Subject contains \"FORBIDDEN-TOKEN\"", r.last(), r.text());
        }
    }

    @Test
    void aDnsTemporaryErrorNeverRejects() throws IOException {
        try (SmtpTestClient c = SmtpTestClient.connect(port("edge"))) {
            SmtpTestClient.Reply r = c.sendMessage("x@tempfail.test", List.of("tempfail@example.com"), message("x@tempfail.test", "maybe"));
            assertEquals(250, r.code(), r.text());
        }
        String stored = Await.until(() -> maildir("tempfail"), Duration.ofSeconds(30), "the message");
        assertTrue(stored.contains("dmarc=temperror"), stored);
    }

    @Test
    void theKeysAndTheRecordsToPublishAreListed() {
        var keys = given().get("/api/dkim").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("rsa-sha256", "ed25519-sha256"), keys.getList("keys.algorithm"));
        assertTrue(keys.getString("keys[0].recordToPublish").startsWith("v=DKIM1; k=rsa; p="));
        assertEquals("missing", keys.getString("keys[0].dkim"), "the test DNS does not publish our key");
    }

    static String maildir(String localPart) {
        Path dir = Path.of(RelayPipelineTest.dataDir(), "maildir", "example.com", localPart, "new");
        try (var files = Files.list(dir)) {
            return files.findFirst().map(f -> {
                try {
                    return Files.readString(f);
                } catch (IOException e) {
                    return null;
                }
            }).orElse(null);
        } catch (IOException e) {
            return null;
        }
    }
}
