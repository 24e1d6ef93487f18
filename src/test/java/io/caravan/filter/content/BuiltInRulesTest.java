// The built-in rules: header and body phrases and patterns with points, allowed and blocked phrases, and their configuration errors.
package io.caravan.filter.content;

import io.caravan.mail.RawMessage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.caravan.filter.content.ContentFilterConfigTest.contentFilter;
import static io.caravan.filter.content.ContentFilterConfigTest.pairs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BuiltInRulesTest {

    private static final Map<String, String> RULES = pairs(
            "rules[0].name", "cheap-meds", "rules[0].phrase", "cheap meds", "rules[0].score", "3",
            "rules[1].name", "casino-subject", "rules[1].where", "Subject", "rules[1].pattern", "(?i)\\bcasino\\b", "rules[1].score", "4",
            "rules[2].name", "newsletter", "rules[2].where", "List-Id", "rules[2].phrase", "partner news", "rules[2].score", "-2",
            "rules[3].name", "bitcoin-address", "rules[3].pattern", "\\b[13][a-km-zA-HJ-NP-Z1-9]{25,34}\\b", "rules[3].score", "2",
            "blocked-phrases", "wire the money today",
            "allowed-phrases", "caravan quarterly report");

    private static BuiltInRules rules(Map<String, String> keys, List<String> errors) {
        return new BuiltInRules(contentFilter(keys), errors);
    }

    private static BuiltInRules.Findings scan(String message) throws IOException {
        List<String> errors = new ArrayList<>();
        BuiltInRules rules = rules(RULES, errors);
        assertEquals(List.of(), errors);
        return rules.scan(RawMessage.of(message.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void matchingRulesAddTheirPointsOnceEach() throws IOException {
        BuiltInRules.Findings f = scan("Subject: Casino night\r\nContent-Type: text/plain\r\n\r\n"
                + "Cheap meds!\r\nmore CHEAP\r\nmeds\r\nPay 1BoatSLRHtKNngkdXEeobR76b53LETtpyT\r\n");
        assertEquals(List.of("cheap-meds", "casino-subject", "bitcoin-address"), f.fired());
        assertEquals(9, f.points());
        assertTrue(f.complete());
    }

    @Test
    void aHeaderRuleLooksOnlyAtItsFieldAndMayTakePointsAway() throws IOException {
        BuiltInRules.Findings f = scan("Subject: partner news\r\nList-Id: Partner News <news.partner.example>\r\n\r\ncasino\r\n");
        assertEquals(List.of("newsletter"), f.fired(), "a Subject phrase is not a List-Id; casino in the body is not in the Subject");
        assertEquals(-2, f.points());
    }

    @Test
    void blockedAndAllowedPhrasesAreFoundInTheSubjectAndTheDecodedBody() throws IOException {
        assertEquals(Set.of("wire the money today"), scan("Subject: Please wire the money today\r\n\r\nthanks\r\n").blocked());
        BuiltInRules.Findings f = scan("Subject: numbers\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                + "Here is the Caravan =\r\nQuarterly Report.\r\n");
        assertEquals(Set.of("caravan quarterly report"), f.allowed());
        assertEquals(Set.of(), f.blocked());
    }

    @Test
    void phrasesInOtherFieldsDoNotCount() throws IOException {
        BuiltInRules.Findings f = scan("X-Note: wire the money today\r\n\r\nhello\r\n");
        assertEquals(Set.of(), f.blocked());
        assertEquals(0, f.points());
    }

    @Test
    void withNothingConfiguredThereIsNothingToLookFor() {
        assertTrue(rules(Map.of(), new ArrayList<>()).isEmpty());
        assertFalse(rules(Map.of("blocked-phrases", "x"), new ArrayList<>()).isEmpty());
    }

    @Test
    void badRulesAreErrorsNamingTheirKeys() {
        List<String> errors = new ArrayList<>();
        rules(pairs("rules[0].name", "both", "rules[0].phrase", "a", "rules[0].pattern", "b", "rules[0].score", "1",
                "rules[1].name", "neither", "rules[1].score", "1",
                "rules[2].name", "bad", "rules[2].pattern", "(unclosed", "rules[2].score", "1",
                "rules[3].name", "punctuation", "rules[3].phrase", "$$$", "rules[3].score", "1",
                "blocked-phrases", "!!!"), errors);
        assertEquals(5, errors.size(), errors.toString());
        assertEquals("caravan.checks.content-filter.rules[0]: give either a phrase or a pattern", errors.get(0));
        assertEquals("caravan.checks.content-filter.rules[1]: give either a phrase or a pattern", errors.get(1));
        assertTrue(errors.get(2).startsWith("caravan.checks.content-filter.rules[2].pattern: not a regular expression: "), errors.get(2));
        assertEquals("caravan.checks.content-filter.rules[3].phrase: '$$$' has no letters or digits", errors.get(3));
        assertEquals("caravan.checks.content-filter.blocked-phrases: '!!!' has no letters or digits", errors.get(4));
    }
}
