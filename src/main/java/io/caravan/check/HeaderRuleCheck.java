// Inspection agent, and the example of the contract: refuses (or quarantines, or tags) mail whose header field matches a pattern.
package io.caravan.check;

import io.caravan.mail.HeaderField;
import io.caravan.mail.MessageParts;
import io.caravan.mail.SmtpReply;
import io.smallrye.config.ConfigMapping;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Exchange's transport rules at their smallest. Off until a pattern is set:
 * <pre>
 * caravan:
 *   checks:
 *     header-rule:
 *       field: Subject                 # the header field to test (each occurrence, unfolded)
 *       pattern: "(?i)\\bcasino\\b"    # a Java regular expression, found anywhere in the value
 *       action: reject                 # reject (550 5.7.1, the default) | quarantine | ignore (tag only)
 * </pre>
 * A match is recorded in the tracking log and tagged with {@code X-Caravan-Header-Rule} on mail
 * that is let through. In routes/20-filter.yaml: {@code - process: { ref: headerRuleCheck }}
 */
@Singleton
@Named("headerRuleCheck")
public class HeaderRuleCheck extends InspectionAgent {

    /** The rule's own keys, beside action and applies-to. */
    @ConfigMapping(prefix = "caravan.checks.header-rule")
    public interface Rule {
        /** Header field name, e.g. Subject. */
        Optional<String> field();

        /** Java regular expression; unset turns the agent off. */
        Optional<String> pattern();
    }

    private final String field;
    private final Pattern pattern;
    private final List<String> errors = new ArrayList<>();

    public HeaderRuleCheck(Agents agents, Rule rule) {
        super(agents);
        this.field = rule.field().orElse("Subject");
        this.pattern = rule.pattern().map(this::compile).orElse(null);
    }

    /** A pattern that does not compile is a start-up error (and leaves the agent off). */
    private Pattern compile(String regex) {
        try {
            return Pattern.compile(regex);
        } catch (IllegalArgumentException e) {
            errors.add("caravan.checks.header-rule.pattern: not a regular expression: " + e.getMessage().replaceAll("\\s+", " "));
            return null;
        }
    }

    @Override
    public List<String> configurationErrors() {
        return List.copyOf(errors);
    }

    @Override
    public String name() {
        return "header-rule";
    }

    @Override
    public CheckAction defaultAction() {
        return CheckAction.REJECT;
    }

    @Override
    public boolean enabled() {
        return pattern != null;
    }

    @Override
    public Verdict inspect(Inspection inspection) {
        for (HeaderField f : MessageParts.parse(inspection.message()).fields()) {
            if (f.is(field)) {
                Matcher m = pattern.matcher(f.unfoldedValue());
                if (m.find()) {
                    String what = field + " contains \"" + m.group() + "\"";
                    return Verdict.of(name(), "match", what).withField("X-Caravan-Header-Rule", what)
                            .refuse(SmtpReply.of(550, "5.7.1", "Message refused by a header rule: " + what));
                }
            }
        }
        return Verdict.of(name(), "none", "no " + field + " field matches");
    }
}
