// Phrases are found as whole words, in any case, across punctuation and line breaks.
package io.caravan.filter.content;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PhraseFinderTest {

    private static Set<String> find(List<String> phrases, String... lines) {
        PhraseFinder finder = new PhraseFinder(phrases.stream().map(PhraseFinder::normalize).toList());
        for (String line : lines) {
            finder.feed(line);
        }
        return finder.found();
    }

    @Test
    void aPhraseSplitAcrossLinesAndPunctuationIsFound() {
        assertEquals(Set.of("cheap meds"), find(List.of("Cheap meds"), "Buy our CHEAP", "-meds- now!"));
    }

    @Test
    void aPhraseInsideALongerWordIsNotFound() {
        assertEquals(Set.of(), find(List.of("meds", "cheap"), "comeds and cheaply"));
    }

    @Test
    void theCarriedEndOfAPieceDoesNotMakeAWordBoundary() {
        // "xmeds" is cut after its first letter when only the longest phrase's length is kept
        assertEquals(Set.of(), find(List.of("meds", "abcdef"), "aaaaaaaaaaxmeds", "tail"));
        assertEquals(Set.of("meds"), find(List.of("meds", "abcdef"), "aaaaaaaaaa meds", "tail"));
    }

    @Test
    void foundPhrasesAreListedInTheOrderTheyWereGiven() {
        assertEquals(List.of("first", "second"), List.copyOf(find(List.of("First", "second"), "second then first")));
    }

    @Test
    void lettersOutsideAsciiAreWordsToo() {
        assertEquals(Set.of("günstige medikamente"), find(List.of("Günstige Medikamente"), "Heute GÜNSTIGE Medikamente!"));
    }
}
