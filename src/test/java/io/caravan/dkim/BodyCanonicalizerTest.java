package io.caravan.dkim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class BodyCanonicalizerTest {

    private static final byte[] TRICKY = ("  lead\t \r\n\r\n mid  dle \r\r\n\r\n \r\nend \t\r\n\r\n \r\n\r\n")
            .getBytes(StandardCharsets.UTF_8);

    private static byte[] inChunks(Canonicalization c, byte[] body, int chunk, long limit) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BodyCanonicalizer canonicalizer = new BodyCanonicalizer(c, out, limit);
        for (int i = 0; i < body.length; i += chunk) {
            canonicalizer.update(body, i, Math.min(chunk, body.length - i));
        }
        canonicalizer.finish();
        return out.toByteArray();
    }

    @ParameterizedTest
    @EnumSource(Canonicalization.class)
    void givesTheSameBytesWhateverTheChunkSize(Canonicalization c) {
        byte[] whole = c.body(TRICKY);
        for (int chunk = 1; chunk <= TRICKY.length; chunk++) {
            assertArrayEquals(whole, inChunks(c, TRICKY, chunk, -1), "chunks of " + chunk);
        }
    }

    @Test
    void relaxedTrickyBodyKeepsInnerEmptyLinesAndDropsTheTrailingOnes() {
        assertEquals(" lead\r\n\r\n mid dle \r\r\n\r\n\r\nend\r\n",
                new String(Canonicalization.RELAXED.body(TRICKY), StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @EnumSource(Canonicalization.class)
    void aLimitPassesOnlyThatManyCanonicalBytesButReportsTheWholeLength(Canonicalization c) {
        byte[] whole = c.body(TRICKY);
        for (int limit = 0; limit <= whole.length; limit++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BodyCanonicalizer canonicalizer = new BodyCanonicalizer(c, out, limit);
            canonicalizer.update(TRICKY, 0, TRICKY.length);
            assertEquals(whole.length, canonicalizer.finish());
            assertArrayEquals(Arrays.copyOf(whole, limit), out.toByteArray(), "l=" + limit);
        }
    }

    @Test
    void hashesALargeBodyWithoutCopyingItAndMatchesTheInMemoryForm() throws Exception {
        byte[] line = "Some text,  with   spaces \t\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[12 * 1024 * 1024];
        for (int i = 0; i + line.length <= body.length; i += line.length) {
            System.arraycopy(line, 0, body, i, line.length);
        }
        MessageDigest streamed = MessageDigest.getInstance("SHA-256");
        BodyCanonicalizer canonicalizer = BodyCanonicalizer.hashing(Canonicalization.RELAXED, streamed, -1);
        canonicalizer.update(body, 0, body.length);
        canonicalizer.finish();
        byte[] expected = MessageDigest.getInstance("SHA-256").digest(Canonicalization.RELAXED.body(body));
        assertArrayEquals(expected, streamed.digest());
    }
}
