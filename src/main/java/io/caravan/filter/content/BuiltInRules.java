// The administrator's own rules, which need no engine: phrases or patterns in header fields and body with SCL points, and the allowed and blocked phrases.
package io.caravan.filter.content;

import io.caravan.mail.RawMessage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Exchange's custom words and the simplest of SpamAssassin's rules. One pass over the message
 * ({@link MessageText}) finds everything: a rule {@code where: body} looks at the decoded text parts, a
 * rule naming a header field at each top-level field of that name (decoded); the allowed and blocked
 * phrases look at the Subject and the body. A rule counts once however often it matches. Phrases
 * match whole words ({@link PhraseFinder}); patterns are Java regular expressions found in one field
 * value or one body line.
 */
final class BuiltInRules {

    private static final String KEY = "caravan.checks.content-filter.";

    private record Rule(String name, String where, String phrase, Pattern pattern, int score) {

        boolean inBody() {
            return where.equalsIgnoreCase("body");
        }

        boolean matches(String text) {
            return phrase != null
                    ? (" " + PhraseFinder.normalize(text) + " ").contains(" " + phrase + " ")
                    : pattern.matcher(text).find();
        }
    }

    /**
     * @param points  the SCL points of the rules that matched, added up
     * @param fired   their names, in configuration order
     * @param blocked the blocked phrases found
     * @param allowed the allowed phrases found
     * @param complete false when the MIME structure stopped the scan early ({@link MessageText#read})
     */
    record Findings(int points, List<String> fired, Set<String> blocked, Set<String> allowed, boolean complete) {
    }

    private final List<Rule> rules = new ArrayList<>();
    private final List<String> allowed;
    private final List<String> blocked;

    BuiltInRules(ContentFilterConfig config, List<String> errors) {
        List<ContentFilterConfig.Rule> configured = config.rules().orElse(List.of());
        for (int i = 0; i < configured.size(); i++) {
            rule(KEY + "rules[" + i + "]", configured.get(i), errors);
        }
        this.allowed = phrases(KEY + "allowed-phrases", config.allowedPhrases().orElse(List.of()), errors);
        this.blocked = phrases(KEY + "blocked-phrases", config.blockedPhrases().orElse(List.of()), errors);
    }

    private void rule(String key, ContentFilterConfig.Rule r, List<String> errors) {
        if (r.phrase().isPresent() == r.pattern().isPresent()) {
            errors.add(key + ": give either a phrase or a pattern");
            return;
        }
        if (r.phrase().isPresent()) {
            String phrase = PhraseFinder.normalize(r.phrase().get());
            if (phrase.isEmpty()) {
                errors.add(key + ".phrase: '" + r.phrase().get() + "' has no letters or digits");
                return;
            }
            rules.add(new Rule(r.name(), r.where().strip(), phrase, null, r.score()));
            return;
        }
        try {
            rules.add(new Rule(r.name(), r.where().strip(), null, Pattern.compile(r.pattern().get()), r.score()));
        } catch (PatternSyntaxException e) {
            errors.add(key + ".pattern: not a regular expression: " + e.getMessage().replaceAll("\\s+", " "));
        }
    }

    private static List<String> phrases(String key, List<String> configured, List<String> errors) {
        List<String> out = new ArrayList<>();
        for (String p : configured) {
            String phrase = PhraseFinder.normalize(p);
            if (phrase.isEmpty()) {
                errors.add(key + ": '" + p + "' has no letters or digits");
            } else {
                out.add(phrase);
            }
        }
        return out;
    }

    /** True when there is nothing to look for. */
    boolean isEmpty() {
        return rules.isEmpty() && allowed.isEmpty() && blocked.isEmpty();
    }

    Findings scan(RawMessage message) throws IOException {
        Set<String> words = new LinkedHashSet<>(allowed);
        words.addAll(blocked);
        rules.stream().filter(r -> r.inBody() && r.phrase() != null).forEach(r -> words.add(r.phrase()));
        PhraseFinder body = new PhraseFinder(words);
        Set<Rule> fired = new HashSet<>();
        Set<String> inSubject = new HashSet<>();
        boolean complete = MessageText.read(message, new MessageText.Visitor() {
            @Override
            public void field(String name, String value) {
                for (Rule r : rules) {
                    if (!r.inBody() && r.where().equalsIgnoreCase(name) && r.matches(value)) {
                        fired.add(r);
                    }
                }
                if (name.equalsIgnoreCase("Subject")) {
                    PhraseFinder subject = new PhraseFinder(words);
                    subject.feed(value);
                    inSubject.addAll(subject.found());
                }
            }

            @Override
            public void line(String text) {
                body.feed(text);
                for (Rule r : rules) {
                    if (r.inBody() && r.pattern() != null && !fired.contains(r) && r.matches(text)) {
                        fired.add(r);
                    }
                }
            }
        });
        Set<String> found = new HashSet<>(body.found());
        rules.stream().filter(r -> r.inBody() && r.phrase() != null && found.contains(r.phrase())).forEach(fired::add);
        found.addAll(inSubject);
        List<String> names = new ArrayList<>();
        int points = 0;
        for (Rule r : rules) {
            if (fired.contains(r)) {
                names.add(r.name());
                points += r.score();
            }
        }
        return new Findings(points, names, inOrder(blocked, found), inOrder(allowed, found), complete);
    }

    private static Set<String> inOrder(List<String> phrases, Set<String> found) {
        Set<String> out = new LinkedHashSet<>();
        phrases.stream().filter(found::contains).forEach(out::add);
        return out;
    }
}
