// Finds phrases in text that arrives in pieces (line after line), as whole words, ignoring case and punctuation.
package io.caravan.filter.content;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * "cheap meds" is found in "Buy CHEAP\n-meds- now" but not in "cheap medsale": text and phrases are
 * compared in lower case, with every run of characters other than letters and digits as one space, and
 * a phrase must stand between two such runs. The end of each piece is kept to join the next, so a phrase
 * split across lines is still found; memory is the longest phrase, whatever the length of the text.
 */
final class PhraseFinder {

    private static final Pattern NOT_A_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

    private final List<String> phrases;
    private final int keep;
    private final Set<String> found = new LinkedHashSet<>();
    private String carry = "";

    /** @param phrases already {@link #normalize normalized}, none empty */
    PhraseFinder(Collection<String> phrases) {
        this.phrases = List.copyOf(new LinkedHashSet<>(phrases));
        this.keep = this.phrases.stream().mapToInt(String::length).max().orElse(0) + 1;
    }

    /** Lower case, each run of non-letters and non-digits one space, none at either end. */
    static String normalize(String text) {
        return NOT_A_WORD.matcher(text.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
    }

    void feed(String text) {
        String piece = normalize(text);
        if (piece.isEmpty() || phrases.isEmpty()) {
            return;
        }
        String window = carry + " " + piece + " ";
        for (String phrase : phrases) {
            if (!found.contains(phrase) && window.contains(" " + phrase + " ")) {
                found.add(phrase);
            }
        }
        String seen = window.substring(0, window.length() - 1);
        carry = seen.length() <= keep ? seen : seen.substring(seen.length() - keep);
    }

    /** The phrases found so far, in the order they were given. */
    Set<String> found() {
        Set<String> inOrder = new LinkedHashSet<>();
        phrases.stream().filter(found::contains).forEach(inOrder::add);
        return inOrder;
    }
}
