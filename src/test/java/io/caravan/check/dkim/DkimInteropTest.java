package io.caravan.check.dkim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.caravan.check.dkim.DkimResult.Result;
import io.caravan.dkim.Canonicalization;
import io.caravan.dkim.DkimAlgorithm;
import io.caravan.signing.DkimSigner;
import io.caravan.signing.SigningKey;
import io.caravan.signing.TestKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.EdECPrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Against dkimpy (Debian's python3-dkim, with python3-nacl for Ed25519): dkimpy verifies what
 * DkimSigner signs, and DkimVerifier verifies what dkimpy signs, for both algorithms and all four
 * canonicalization pairs. Without those modules the test fails (it never skips): {@code .ci/test-deps}
 * installs them.
 */
class DkimInteropTest {

    private static final long DEADLINE_SECONDS = 30;

    /** Reads argv: mode, message file, then per mode: record | key file, selector, domain, algorithm, c=. */
    private static final String SCRIPT = String.join("\n",
            "import sys, dkim",
            "mode, path = sys.argv[1], sys.argv[2]",
            "msg = open(path, 'rb').read()",
            "if mode == 'verify':",
            "    record = sys.argv[3].encode()",
            "    ok = dkim.verify(msg, dnsfunc=lambda name, timeout=5: record)",
            "    sys.stdout.write('verified' if ok else 'not verified')",
            "else:",
            "    key = open(sys.argv[3], 'rb').read()",
            "    header, body = sys.argv[7].encode().split(b'/')",
            "    sig = dkim.sign(msg, sys.argv[4].encode(), sys.argv[5].encode(), key,",
            "                    canonicalize=(header, body), signature_algorithm=sys.argv[6].encode())",
            "    sys.stdout.buffer.write(sig)");

    private static String python;

    @TempDir
    Path dir;

    @BeforeAll
    static void findPythonWithDkimpy() {
        for (String candidate : List.of("python3", "/usr/bin/python3")) {
            try {
                if (run(List.of(candidate, "-c", "import dkim, nacl")).exitCode == 0) {
                    python = candidate;
                    break;
                }
            } catch (IOException e) {
                // not installed under this name
            }
        }
        if (python == null) {
            fail("python3 with the dkim (dkimpy) and nacl modules is not installed: apt-get install python3-dkim python3-nacl"
                    + " (or run .ci/test-deps)");
        }
    }

    static List<Object[]> algorithmsAndCanonicalizations() {
        return DkimRoundTripTest.algorithmsAndCanonicalizations().map(a -> a.get()).toList();
    }

    @ParameterizedTest(name = "{0} c={1}/{2}")
    @MethodSource("algorithmsAndCanonicalizations")
    void dkimpyVerifiesWhatCaravanSigns(DkimAlgorithm algorithm, Canonicalization header, Canonicalization body)
            throws Exception {
        SigningKey key = TestKeys.signingKey(algorithm, "example.com", "caravan");
        Path message = dir.resolve("signed.eml");
        Files.write(message, DkimRoundTripTest.signed(DkimRoundTripTest.MESSAGE, key, header, body));
        Outcome out = run(List.of(python, "-c", SCRIPT, "verify", message.toString(), DkimSigner.dnsRecord(key)));
        assertEquals("verified", out.stdout, out.stderr);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DkimAlgorithm.class)
    void dkimpyRejectsWhatCaravanSignedOnceTheBodyChanges(DkimAlgorithm algorithm) throws Exception {
        SigningKey key = TestKeys.signingKey(algorithm, "example.com", "caravan");
        String signed = new String(DkimRoundTripTest.signed(DkimRoundTripTest.MESSAGE, key, Canonicalization.RELAXED,
                Canonicalization.RELAXED), StandardCharsets.UTF_8);
        Path message = dir.resolve("tampered.eml");
        Files.writeString(message, signed.replace("Hi  there", "Bye there"), StandardCharsets.UTF_8);
        Outcome out = run(List.of(python, "-c", SCRIPT, "verify", message.toString(), DkimSigner.dnsRecord(key)));
        assertEquals("not verified", out.stdout, out.stderr);
    }

    @ParameterizedTest(name = "{0} c={1}/{2}")
    @MethodSource("algorithmsAndCanonicalizations")
    void caravanVerifiesWhatDkimpySigns(DkimAlgorithm algorithm, Canonicalization header, Canonicalization body)
            throws Exception {
        SigningKey key = TestKeys.signingKey(algorithm, "example.org", "py");
        Path message = dir.resolve("unsigned.eml");
        Files.writeString(message, DkimRoundTripTest.MESSAGE, StandardCharsets.UTF_8);
        Path keyFile = dir.resolve("key");
        Files.writeString(keyFile, dkimpyKey(key), StandardCharsets.US_ASCII);
        Outcome out = run(List.of(python, "-c", SCRIPT, "sign", message.toString(), keyFile.toString(), "py",
                "example.org", algorithm.tag(), header.tag() + "/" + body.tag()));
        assertEquals(0, out.exitCode, out.stderr);
        assertTrue(out.stdout.startsWith("DKIM-Signature:"), out.stdout);
        byte[] signed = (out.stdout + DkimRoundTripTest.MESSAGE).getBytes(StandardCharsets.UTF_8);

        List<DkimResult> results = DkimRoundTripTest.verifierFor(key).verify(signed);
        assertEquals(Result.PASS, results.get(0).result(), results.get(0).reason() + "\n" + out.stdout);
        assertEquals("example.org", results.get(0).domain());
    }

    /** dkimpy takes RSA keys as PKCS#1 PEM and Ed25519 keys as the base64 of the 32-byte seed. */
    private static String dkimpyKey(SigningKey key) throws IOException {
        if (key.algorithm() == DkimAlgorithm.ED25519_SHA256) {
            return Base64.getEncoder().encodeToString(((EdECPrivateKey) key.privateKey()).getBytes().orElseThrow());
        }
        byte[] pkcs1 = PrivateKeyInfo.getInstance(key.privateKey().getEncoded()).parsePrivateKey().toASN1Primitive()
                .getEncoded();
        return "-----BEGIN RSA PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pkcs1)
                + "\n-----END RSA PRIVATE KEY-----\n";
    }

    private record Outcome(int exitCode, String stdout, String stderr) {
    }

    private static Outcome run(List<String> command) throws IOException {
        Path out = Files.createTempFile("dkim-interop", ".out");
        Path err = Files.createTempFile("dkim-interop", ".err");
        try {
            Process p = new ProcessBuilder(new ArrayList<>(command))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!p.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(command.get(0) + " did not finish within " + DEADLINE_SECONDS + " s");
            }
            return new Outcome(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
