package io.caravan.check.dkim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.caravan.check.dkim.DkimResult.Result;
import io.caravan.dkim.Canonicalization;
import io.caravan.dkim.DkimAlgorithm;
import io.caravan.signing.DkimSigner;
import io.caravan.signing.SigningKey;
import io.caravan.signing.TestKeys;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What Caravan signs, Caravan verifies: every algorithm with every canonicalization pair. */
class DkimRoundTripTest {

    /** Folded fields, odd whitespace, repeated fields, a long line and trailing empty lines. */
    static final String MESSAGE = "Received: from client.example.org ([192.0.2.1])\r\n\tby mx.example.com\r\n"
            + "From:  \"Joe  SixPack\" <joe@example.com>\r\n"
            + "To: suzie@example.net,\r\n  frank@example.net\r\n"
            + "Cc: a@example.net\r\n"
            + "Cc: b@example.net\r\n"
            + "Subject:\tDinner \t plans  \r\n"
            + "Date: Fri, 11 Jul 2003 21:00:37 -0700\r\n"
            + "Message-ID: <1@example.com>\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n"
            + "Content-Transfer-Encoding: 8bit\r\n"
            + "\r\n"
            + "Hi  there, \t\r\n"
            + "\r\n"
            + "Grüße, " + "long ".repeat(200) + "\r\n"
            + " indented line\r\n"
            + "\r\n\r\n\r\n";

    static Stream<Arguments> algorithmsAndCanonicalizations() {
        List<Arguments> out = new ArrayList<>();
        for (DkimAlgorithm a : DkimAlgorithm.values()) {
            for (Canonicalization header : Canonicalization.values()) {
                for (Canonicalization body : Canonicalization.values()) {
                    out.add(Arguments.of(a, header, body));
                }
            }
        }
        return out.stream();
    }

    static byte[] signed(String message, SigningKey key, Canonicalization header, Canonicalization body) {
        byte[] original = message.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new DkimSigner(header, body).signatureField(original, key, Instant.now()));
        out.writeBytes(original);
        return out.toByteArray();
    }

    static DkimVerifier verifierFor(SigningKey key) {
        String name = key.selector() + "._domainkey." + key.domain();
        Map<String, List<String>> zone = Map.of(name, List.of(DkimSigner.dnsRecord(key)));
        return new DkimVerifier(n -> {
            List<String> records = zone.get(n);
            if (records == null) {
                throw new DkimKeyLookup.NotFound(n + " does not exist");
            }
            return records;
        });
    }

    @ParameterizedTest(name = "{0} c={1}/{2}")
    @MethodSource("algorithmsAndCanonicalizations")
    void aSignedMessageVerifies(DkimAlgorithm algorithm, Canonicalization header, Canonicalization body) {
        SigningKey key = TestKeys.signingKey(algorithm, "example.com", "s2026");
        List<DkimResult> results = verifierFor(key).verify(signed(MESSAGE, key, header, body));
        assertEquals(1, results.size());
        assertEquals(Result.PASS, results.get(0).result(), results.get(0).reason());
        assertEquals("example.com", results.get(0).domain());
        assertEquals(algorithm.tag(), results.get(0).algorithm());
    }

    @ParameterizedTest(name = "{0} c={1}/{2}")
    @MethodSource("algorithmsAndCanonicalizations")
    void whitespaceChangedInTransitPassesOnlyWhereRelaxed(DkimAlgorithm algorithm, Canonicalization header,
            Canonicalization body) {
        SigningKey key = TestKeys.signingKey(algorithm, "example.com", "s2026");
        String signed = new String(signed(MESSAGE, key, header, body), StandardCharsets.UTF_8);
        String headerRespaced = signed.replace("Subject:\tDinner \t plans  ", "Subject: Dinner plans");
        String bodyRespaced = signed.replace("Hi  there, \t", "Hi there,");
        DkimVerifier verifier = verifierFor(key);
        assertEquals(header == Canonicalization.RELAXED ? Result.PASS : Result.FAIL,
                verifier.verify(headerRespaced.getBytes(StandardCharsets.UTF_8)).get(0).result());
        assertEquals(body == Canonicalization.RELAXED ? Result.PASS : Result.FAIL,
                verifier.verify(bodyRespaced.getBytes(StandardCharsets.UTF_8)).get(0).result());
    }
}
