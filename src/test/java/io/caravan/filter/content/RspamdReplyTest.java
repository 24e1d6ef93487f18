// rspamd's /checkv2 JSON read into a reply; anything that is not one is a failure.
package io.caravan.filter.content;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RspamdReplyTest {

    private static RspamdReply parse(String json) throws RspamdFailure {
        return RspamdReply.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsScoreActionSymbolsAndMilterChangesAsRspamd34SendsThem() throws Exception {
        RspamdReply r = parse("""
                {"is_skipped":false,"score":7.9,"required_score":15.0,"action":"add header",
                 "symbols":{"DATE_IN_PAST":{"name":"DATE_IN_PAST","score":1.0},"MIME_GOOD":{"name":"MIME_GOOD","score":-0.1},
                            "CARAVAN_TEST_TAG":{"name":"CARAVAN_TEST_TAG","score":7.0},"ARC_NA":{"name":"ARC_NA","score":0.0}},
                 "milter":{"add_headers":{"X-Spam-Status":{"value":"Yes, score=7.90","order":-1}},
                           "remove_headers":{"X-Virus":0,"X-Spam-Status":0,"X-Spam":1}}}""");
        assertEquals(7.9, r.score());
        assertEquals(15.0, r.requiredScore());
        assertEquals("add header", r.action());
        assertEquals(List.of("CARAVAN_TEST_TAG", "DATE_IN_PAST", "MIME_GOOD", "ARC_NA"), r.symbols().stream().map(RspamdReply.Symbol::name).toList());
        assertEquals(List.of(new RspamdReply.Field("X-Spam-Status", "Yes, score=7.90")), r.addHeaders());
        assertEquals(Map.of("X-Virus", 0, "X-Spam-Status", 0, "X-Spam", 1), r.removeHeaders());
        assertEquals(5, r.scl());
    }

    @Test
    void addHeadersMayBePlainStringsOrLists() throws Exception {
        RspamdReply r = parse("""
                {"score":1,"action":"no action","milter":{"add_headers":{"X-A":"one","X-B":[{"value":"two"},"three"]}}}""");
        assertEquals(List.of(new RspamdReply.Field("X-A", "one"), new RspamdReply.Field("X-B", "two"), new RspamdReply.Field("X-B", "three")),
                r.addHeaders());
        assertEquals(RspamdScale.DEFAULT_REQUIRED, r.requiredScore(), "no required_score: rspamd's default");
    }

    @Test
    void garbageEmptinessAndJsonWithoutAVerdictAreFailures() {
        assertEquals("rspamd answered something that is not JSON: \"<html>oops\"",
                assertThrows(RspamdFailure.class, () -> parse("<html>oops")).getMessage());
        assertEquals("rspamd answered JSON without a score and an action: \"\"",
                assertThrows(RspamdFailure.class, () -> parse("")).getMessage());
        assertThrows(RspamdFailure.class, () -> parse("{\"error\":\"no\"}"));
        assertThrows(RspamdFailure.class, () -> parse("{\"score\":\"high\",\"action\":\"reject\"}"));
        assertThrows(RspamdFailure.class, () -> parse("[1,2]"));
    }
}
