// Fuzzes DKIM: tag lists, both canonicalizations, and the whole verifier on any message with keys the input supplies.
package io.caravan.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.caravan.check.dkim.DkimKeyLookup;
import io.caravan.check.dkim.DkimResult;
import io.caravan.check.dkim.DkimVerifier;
import io.caravan.dkim.BodyCanonicalizer;
import io.caravan.dkim.Canonicalization;
import io.caravan.dkim.TagList;
import io.caravan.dns.DnsTemporaryFailure;
import io.caravan.mail.HeaderField;
import io.caravan.mail.MessageParts;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Timeout;

/**
 * TagList.parse may throw the IllegalArgumentException it documents; Canonicalization.of likewise
 * for an unknown name. Everything else, and the verifier always, must answer without throwing:
 * a malformed signature or key is a PERMERROR result, never an exception.
 */
class DkimFuzzer {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);

    /** A tag list, and the same list written back out, must parse to the same tags. */
    @FuzzTest
    @Timeout(10)
    void tagList(byte[] input) {
        String text = FuzzInput.utf8(input);
        Map<String, String> tags;
        try {
            tags = TagList.parse(text);
        } catch (IllegalArgumentException rejected) {
            return;
        }
        String written = tags.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("; "));
        assertEquals(tags, TagList.parse(written), written);
        tags.values().forEach(TagList::compact);
        try {
            Canonicalization.of(text);
        } catch (IllegalArgumentException unknown) {
            // documented for a name other than simple or relaxed
        }
    }

    /**
     * Body canonicalization does not depend on how the body is cut into chunks, is idempotent,
     * and with a limit l= passes on exactly the first l canonical bytes; header canonicalization
     * of every field of the input as a message does not throw.
     */
    @FuzzTest
    @Timeout(10)
    void canonicalization(byte[] input) {
        int[] cuts = FuzzInput.readSizes(input);
        for (Canonicalization c : Canonicalization.values()) {
            byte[] whole = c.body(input);
            assertArrayEquals(whole, chunked(c, input, new int[] {1}, -1), c + " byte by byte");
            assertArrayEquals(whole, chunked(c, input, cuts, -1), c + " in chunks");
            assertArrayEquals(whole, c.body(whole), c + " is not idempotent");
            long limit = cuts[0] - 1L;
            byte[] limited = chunked(c, input, cuts, limit);
            assertArrayEquals(java.util.Arrays.copyOf(whole, (int) Math.min(limit, whole.length)), limited, "l=" + limit);
            for (HeaderField field : MessageParts.parse(input).fields()) {
                byte[] canonical = c.header(field);
                if (c == Canonicalization.RELAXED) {
                    assertFalse(canonical.length < 3, "a relaxed field has at least ':' and CRLF");
                }
            }
        }
    }

    private static byte[] chunked(Canonicalization c, byte[] body, int[] sizes, long limit) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BodyCanonicalizer canonicalizer = new BodyCanonicalizer(c, out, limit);
        int pos = 0;
        for (int i = 0; pos < body.length; i++) {
            int n = Math.min(body.length - pos, sizes[i % sizes.length]);
            canonicalizer.update(body, pos, n);
            pos += n;
        }
        long length = canonicalizer.finish();
        assertEquals(c.body(body).length, length, "finish() reports the whole canonical length");
        return out.toByteArray();
    }

    /**
     * The input is "name record" lines (the DNS TXT answers; the value TEMPFAIL means a lookup
     * that fails), a NUL byte, then the message. Without a NUL the whole input is the message and
     * every key lookup finds nothing. The corpus holds validly signed messages with their keys.
     */
    @FuzzTest
    @Timeout(10)
    void dkimVerifier(byte[] input) {
        List<byte[]> sections = FuzzInput.sections(input);
        Map<String, List<String>> zone = new HashMap<>();
        byte[] message = input;
        if (sections.size() > 1) {
            for (String line : FuzzInput.utf8(sections.get(0)).split("\n")) {
                int space = line.indexOf(' ');
                if (space > 0) {
                    zone.computeIfAbsent(line.substring(0, space).toLowerCase(java.util.Locale.ROOT),
                            k -> new ArrayList<>()).add(line.substring(space + 1).strip());
                }
            }
            message = java.util.Arrays.copyOfRange(input, sections.get(0).length + 1, input.length);
        }
        DkimKeyLookup keys = name -> {
            List<String> records = zone.get(name.toLowerCase(java.util.Locale.ROOT));
            if (records == null || records.isEmpty()) {
                throw new DkimKeyLookup.NotFound(name + " has no TXT record");
            }
            if (records.contains("TEMPFAIL")) {
                throw new DnsTemporaryFailure(name + ": SERVFAIL");
            }
            return records;
        };
        List<DkimResult> results = new DkimVerifier(keys, CLOCK).verify(message);
        assertFalse(results.isEmpty());
        for (DkimResult r : results) {
            assertNotNull(r.result());
            assertNotNull(r.reason());
        }
    }
}
