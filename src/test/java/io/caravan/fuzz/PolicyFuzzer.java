// Fuzzes what DMARC reads (the record, the From header) and Authentication-Results writing and stripping.
package io.caravan.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.caravan.check.authresults.AuthenticationResults;
import io.caravan.check.authresults.AuthenticationResults.MethodResult;
import io.caravan.check.dmarc.DmarcRecord;
import io.caravan.mail.FromHeader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Timeout;

/**
 * None of these parsers has a rejection exception: DmarcRecord.parse answers empty, FromHeader.domain
 * empty, stripForged keeps the message. Only the Authentication-Results builders may throw the
 * IllegalArgumentException they document for a value that is not a keyword or holds a line break.
 */
class PolicyFuzzer {

    private static final String OUR_ID = "mx.caravan.test";

    /** A TXT record at _dmarc.domain: a parsed record keeps its values in range. */
    @FuzzTest
    @Timeout(10)
    void dmarcRecord(byte[] input) {
        String txt = FuzzInput.utf8(input);
        Optional<DmarcRecord> record = DmarcRecord.parse(txt);
        if (record.isPresent()) {
            DmarcRecord r = record.get();
            assertTrue(DmarcRecord.isDmarcRecord(txt));
            assertTrue(r.percent() >= 0 && r.percent() <= 100, "pct=" + r.percent());
            assertTrue(r.reportInterval() >= 0);
            assertNotNull(r.policyFor(true));
            assertNotNull(r.policyFor(false));
        }
    }

    /** A message's header section: the From domain, when there is exactly one, is a DNS name. */
    @FuzzTest
    @Timeout(10)
    void fromHeader(byte[] input) {
        FromHeader.domain(input).ifPresent(domain -> assertTrue(FromHeader.isDomainName(domain), domain));
    }

    /**
     * Stripping forged fields only removes bytes and removes them all at once (a second pass
     * changes nothing). After a NUL byte, the input may also give "authserv-id NUL method NUL
     * result NUL reason NUL comment NUL ptype NUL property NUL value": the field we would write
     * from them is recognised as our own and stripped whole.
     */
    @FuzzTest
    @Timeout(10)
    void authenticationResults(byte[] input) {
        List<byte[]> sections = FuzzInput.sections(input);
        byte[] message = sections.get(0);
        byte[] stripped = AuthenticationResults.stripForged(message, OUR_ID);
        assertTrue(stripped.length <= message.length);
        assertArrayEquals(stripped, AuthenticationResults.stripForged(stripped, OUR_ID), "a second pass removed more");
        if (sections.size() < 9) {
            return;
        }
        String[] v = new String[8];
        for (int i = 0; i < 8; i++) {
            v[i] = FuzzInput.utf8(sections.get(i + 1));
        }
        String field;
        try {
            MethodResult result = MethodResult.of(v[1], v[2]).withReason(v[3]).withComment(v[4]).with(v[5], v[6], v[7]);
            field = AuthenticationResults.field(v[0], List.of(result, MethodResult.of(v[1], v[2])));
        } catch (IllegalArgumentException rejected) {
            return; // the documented refusal of a value we could not write
        }
        byte[] rest = "Subject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] ours = (field + "Subject: x\r\n\r\nbody\r\n").getBytes(StandardCharsets.UTF_8);
        if (v[0].equals(v[0].strip())) {
            assertEquals(new String(rest, StandardCharsets.UTF_8),
                    new String(AuthenticationResults.stripForged(ours, v[0]), StandardCharsets.UTF_8),
                    "our own field was not recognised");
        }
    }
}
