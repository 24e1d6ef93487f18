// Verifies every DKIM-Signature field of a received message (RFC 6376 §6, RFC 8463) and reports one result each.
package io.caravan.check.dkim;

import io.caravan.dns.DnsTemporaryFailure;
import io.caravan.check.dkim.DkimResult.Result;
import io.caravan.mail.RawMessage;
import io.caravan.mail.HeaderField;
import io.caravan.mail.MessageParts;
import io.caravan.dkim.SignedData;
import io.caravan.dkim.TagList;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Read-only: it never changes the message. Each signature gets its own {@link DkimResult}, top to
 * bottom; a message without signatures gets a single NONE. rsa-sha1 is refused (PERMERROR, RFC 8301);
 * an RSA key under 1024 bits is a PERMERROR; x= in the past is a PERMERROR ("signature expired").
 * Bodies are hashed once per distinct (canonicalization, l=) pair however many signatures share it.
 */
public final class DkimVerifier {

    /** Signatures beyond this many are reported NEUTRAL, unchecked, so a message cannot make us do unbounded work. */
    static final int MAX_SIGNATURES = 10;

    private final DkimKeyLookup keys;
    private final Clock clock;

    public DkimVerifier(DkimKeyLookup keys) {
        this(keys, Clock.systemUTC());
    }

    public DkimVerifier(DkimKeyLookup keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    /** One result per DKIM-Signature field, in the order the fields appear; [NONE] for an unsigned message. */
    public List<DkimResult> verify(byte[] message) {
        return verify(RawMessage.of(message));
    }

    /** The same for a message that may be spooled: the body is streamed once per distinct body hash. */
    public List<DkimResult> verify(RawMessage message) {
        MessageParts parts = MessageParts.parse(message);
        List<DkimResult> results = new ArrayList<>();
        Map<String, SignedData.BodyHash> bodyHashes = new HashMap<>();
        for (HeaderField field : parts.fields()) {
            if (!field.is("DKIM-Signature")) {
                continue;
            }
            if (results.size() == MAX_SIGNATURES) {
                results.add(result(null, Result.NEUTRAL, "not checked: more than " + MAX_SIGNATURES + " signatures",
                        false));
                continue;
            }
            results.add(verifyOne(parts, field, bodyHashes));
        }
        return results.isEmpty() ? List.of(DkimResult.none()) : List.copyOf(results);
    }

    private DkimResult verifyOne(MessageParts parts, HeaderField field, Map<String, SignedData.BodyHash> bodyHashes) {
        Map<String, String> tags;
        try {
            tags = TagList.parse(field.unfoldedValue());
        } catch (IllegalArgumentException e) {
            return result(null, Result.PERMERROR, "malformed DKIM-Signature: " + e.getMessage(), false);
        }
        SignatureTags signature;
        try {
            signature = SignatureTags.parse(tags, clock.instant());
        } catch (DkimFailure f) {
            return result(tags, f.result(), f.getMessage(), false);
        }
        List<String> records;
        String name = signature.selector() + "._domainkey." + signature.domain();
        try {
            records = keys.txt(name);
        } catch (DkimKeyLookup.NotFound e) {
            return result(tags, Result.PERMERROR, "no key for signature (" + e.getMessage() + ")", false);
        } catch (DnsTemporaryFailure e) {
            return result(tags, Result.TEMPERROR, "key lookup failed: " + e.getMessage(), false);
        }
        DkimResult first = null;
        for (String record : records) { // RFC 6376 §6.1.2: the verifier may try each record
            DkimResult r = withRecord(parts, field, tags, signature, record, bodyHashes);
            if (r.passed()) {
                return r;
            }
            if (first == null) {
                first = r;
            }
        }
        return first;
    }

    private DkimResult withRecord(MessageParts parts, HeaderField field, Map<String, String> tags,
            SignatureTags signature, String txt, Map<String, SignedData.BodyHash> bodyHashes) {
        boolean testing = false;
        try {
            KeyRecord key = KeyRecord.forSignature(txt, signature);
            testing = key.testing();
            SignedData.BodyHash body = bodyHashes.computeIfAbsent(
                    signature.bodyCanonicalization() + "/" + signature.length(),
                    k -> SignedData.body(parts, signature.bodyCanonicalization(), signature.length()));
            if (signature.length() > body.canonicalLength()) {
                throw DkimFailure.fail("body is shorter than l=" + signature.length());
            }
            if (!MessageDigest.isEqual(body.hash(), signature.bodyHash())) {
                throw DkimFailure.fail("body hash did not verify");
            }
            byte[] headerData = SignedData.headers(parts, signature.signedFields(), signature.headerCanonicalization(),
                    SignedData.withoutSignatureValue(field));
            boolean valid;
            try {
                valid = signature.algorithm().verify(key.key(), headerData, signature.signature());
            } catch (GeneralSecurityException e) {
                throw DkimFailure.permerror("key cannot verify: " + e.getMessage());
            }
            if (!valid) {
                throw DkimFailure.fail("signature did not verify");
            }
            String reason = "signature verified";
            if (signature.length() >= 0 && signature.length() < body.canonicalLength()) {
                reason += "; only the first " + signature.length() + " body bytes are signed (l=)";
            }
            return result(tags, Result.PASS, withTesting(reason, testing), testing);
        } catch (DkimFailure f) {
            return result(tags, f.result(), withTesting(f.getMessage(), testing), testing);
        }
    }

    private static String withTesting(String reason, boolean testing) {
        return testing ? reason + "; the key is in testing mode (t=y)" : reason;
    }

    private static DkimResult result(Map<String, String> tags, Result result, String reason, boolean testing) {
        if (tags == null) {
            return new DkimResult(null, null, null, null, result, reason, null, testing);
        }
        String b = tags.containsKey("b") ? TagList.compact(tags.get("b")) : null;
        String headerB = b == null || b.isEmpty() ? null : b.substring(0, Math.min(8, b.length()));
        String domain = tags.get("d");
        return new DkimResult(domain == null ? null : domain.toLowerCase(Locale.ROOT), tags.get("s"),
                tags.get("a"), tags.get("i"), result, reason, headerB, testing);
    }
}
