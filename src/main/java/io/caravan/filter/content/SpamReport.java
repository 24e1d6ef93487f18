// What the content filter found in one message, said twice: the X-Caravan-Spam field on delivered mail and the tracking reason.
package io.caravan.filter.content;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The field, one line, {@code key=value} pairs separated by "; ":
 * <pre>
 * X-Caravan-Spam: SCL=5; rules=+2; rspamd=7.90/15.00 (add header)   scanned by the rules and rspamd
 * X-Caravan-Spam: SCL=2; rules=+2                                    rules only (no rspamd configured)
 * X-Caravan-Spam: SCL=2; rules=+2; rspamd=unavailable                rspamd failed, on-failure: accept
 * X-Caravan-Spam: SCL=9; blocked-phrase                              a blocked phrase, rspamd not asked
 * X-Caravan-Spam: SCL=-1; bypass=sender                              allow-listed (sender, sender-domain, recipients, phrase)
 * </pre>
 * SCL is the spam confidence level, -1 (not filtered) or 0 (clean) to 9 (certainly spam); rules is the
 * built-in rules' points, rspamd its score over its reject score, and its action.
 */
record SpamReport(int scl, BuiltInRules.Findings rules, Optional<RspamdReply> rspamd, Optional<String> rspamdFailure) {

    /** Symbols named in the tracking reason, at most. */
    private static final int SYMBOLS = 5;

    String field() {
        if (!rules.blocked().isEmpty()) {
            return "SCL=9; blocked-phrase";
        }
        StringBuilder v = new StringBuilder("SCL=" + scl + "; rules=" + signed(rules.points()));
        rspamd.ifPresent(r -> v.append("; rspamd=").append(number(r.score())).append('/').append(number(r.requiredScore()))
                .append(" (").append(r.action()).append(')'));
        rspamdFailure.ifPresent(f -> v.append("; rspamd=unavailable"));
        return v.toString();
    }

    /** One short line: the SCL and what made it. */
    String reason() {
        if (!rules.blocked().isEmpty()) {
            return "SCL 9: blocked phrase \"" + rules.blocked().iterator().next() + "\"";
        }
        List<String> parts = new ArrayList<>();
        rspamd.ifPresent(r -> parts.add("rspamd " + number(r.score()) + "/" + number(r.requiredScore()) + " " + r.action()
                + symbols(r)));
        rspamdFailure.ifPresent(f -> parts.add("rspamd unavailable (" + f + "), rules only"));
        if (!rules.fired().isEmpty()) {
            parts.add("rules " + String.join(", ", rules.fired()) + " " + signed(rules.points()));
        }
        if (!rules.complete()) {
            parts.add("MIME structure past the parser's limits, scanned in part");
        }
        return "SCL " + scl + (parts.isEmpty() ? ": no rule matched" : ": " + String.join("; ", parts));
    }

    /** The heaviest symbols; when none weighs anything (GTUBE scores 0 yet rejects), the first ones. */
    private static String symbols(RspamdReply r) {
        List<String> named = r.symbols().stream().filter(s -> s.score() != 0).limit(SYMBOLS)
                .map(s -> s.name() + " " + number(s.score())).toList();
        if (named.isEmpty()) {
            named = r.symbols().stream().limit(SYMBOLS).map(RspamdReply.Symbol::name).toList();
        }
        return named.isEmpty() ? "" : " (" + String.join(", ", named) + ")";
    }

    static String signed(int points) {
        return points > 0 ? "+" + points : Integer.toString(points);
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
