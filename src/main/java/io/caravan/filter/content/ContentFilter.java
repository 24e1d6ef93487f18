// Inspection agent: Exchange's content filter. A spam confidence level (SCL 0-9) from built-in rules and rspamd, acted on by thresholds.
package io.caravan.filter.content;

import io.caravan.check.Agents;
import io.caravan.check.CheckAction;
import io.caravan.check.Inspection;
import io.caravan.check.InspectionAgent;
import io.caravan.check.Verdict;
import io.caravan.mail.Envelope;
import io.caravan.mail.RawMessage;
import io.caravan.mail.SmtpReply;
import io.caravan.receive.connector.ReceiveConnectorsConfig;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs at end of data, before the 250 (routes/20-filter.yaml: {@code - process: { ref: contentFilter }}).
 * Off until a rule, a phrase or rspamd is configured ({@link ContentFilterConfig}). For each message:
 * <ol>
 * <li>an allow-listed sender, sender domain or set of recipients bypasses it: SCL -1;</li>
 * <li>the built-in rules read the message once: an allowed phrase bypasses (SCL -1), a blocked phrase
 *     is SCL 9, and the rules that match add their points;</li>
 * <li>rspamd, when configured, is asked ({@link RspamdClient}) and its answer mapped to an SCL
 *     ({@link RspamdScale}); the SCL is that plus the rules' points, kept within 0-9;</li>
 * <li>the connector's thresholds ({@link SclThresholds}) turn the SCL into a wish: delete, reject
 *     ({@code 550 5.7.1}), quarantine or tag.</li>
 * </ol>
 * Delivered mail carries {@code X-Caravan-Spam} ({@link SpamReport}) and the fields rspamd asks to add;
 * tagged mail also gets the Subject prefix and loses the fields rspamd asks to remove. When rspamd is
 * down, too slow or answers garbage, {@code rspamd.on-failure: hold} (the default) answers
 * {@code 451 4.7.0} so the client retries later; {@code accept} delivers on the rules alone, recorded as
 * result {@code unscanned} and {@code rspamd=unavailable} in the field. Mail is never let through
 * unscanned without a trace.
 */
@Singleton
@Named("contentFilter")
public class ContentFilter extends InspectionAgent {

    /** The header field every message the filter scanned carries when delivered. */
    public static final String FIELD = "X-Caravan-Spam";

    static final SmtpReply HOLD = SmtpReply.of(451, "4.7.0", "Content filter unavailable, try again later");

    private final List<String> errors = new ArrayList<>();
    private final ConnectorThresholds thresholds;
    private final BuiltInRules rules;
    private final EnvelopeAllowList allowList;
    private final String subjectPrefix;
    private final Optional<RspamdClient> rspamd;
    private final boolean holdOnFailure;

    @Inject
    public ContentFilter(Agents agents, ContentFilterConfig config, ReceiveConnectorsConfig receive) {
        this(agents, config, receive.receiveConnectors().keySet());
    }

    /** @param receiveConnectors the names of the receive connectors, which per-connector thresholds must name */
    ContentFilter(Agents agents, ContentFilterConfig config, Set<String> receiveConnectors) {
        super(agents);
        this.thresholds = new ConnectorThresholds(config, receiveConnectors, errors);
        this.rules = new BuiltInRules(config, errors);
        this.allowList = new EnvelopeAllowList(config);
        this.subjectPrefix = config.subjectPrefix().map(String::strip).orElse("");
        ContentFilterConfig.Rspamd r = config.rspamd();
        this.rspamd = r.url().filter(this::usable).map(url -> new RspamdClient(url, r.timeout(), r.password()));
        String onFailure = r.onFailure().strip().toLowerCase(Locale.ROOT);
        if (!onFailure.equals("hold") && !onFailure.equals("accept")) {
            errors.add("caravan.checks.content-filter.rspamd.on-failure: '" + r.onFailure() + "' is not one of hold, accept");
        }
        this.holdOnFailure = !onFailure.equals("accept");
    }

    private boolean usable(URI url) {
        if (("http".equals(url.getScheme()) || "https".equals(url.getScheme())) && url.getHost() != null) {
            return true;
        }
        errors.add("caravan.checks.content-filter.rspamd.url: '" + url + "' is not an http:// or https:// URL");
        return false;
    }

    @Override
    public String name() {
        return "content-filter";
    }

    @Override
    public CheckAction defaultAction() {
        return CheckAction.REJECT;
    }

    @Override
    public Set<CheckAction> actions() {
        return Set.of(CheckAction.REJECT, CheckAction.QUARANTINE, CheckAction.TAG, CheckAction.DELETE, CheckAction.IGNORE);
    }

    @Override
    public boolean isAntiSpam() {
        return true;
    }

    @Override
    public boolean enabled() {
        return !rules.isEmpty() || rspamd.isPresent();
    }

    @Override
    public List<String> configurationErrors() {
        return List.copyOf(errors);
    }

    @Override
    public Verdict inspect(Inspection inspection) throws Exception {
        Envelope envelope = inspection.envelope();
        Optional<EnvelopeAllowList.Bypass> bypass = allowList.bypass(envelope);
        if (bypass.isPresent()) {
            return bypassed("allow-listed " + bypass.get().why(), bypass.get().list());
        }
        RawMessage message = inspection.message();
        BuiltInRules.Findings found = rules.scan(message);
        if (!found.allowed().isEmpty()) {
            return bypassed("allowed phrase \"" + found.allowed().iterator().next() + "\"", "phrase");
        }
        if (!found.blocked().isEmpty()) {
            return decide(envelope, message, new SpamReport(9, found, Optional.empty(), Optional.empty()), "spam");
        }
        Optional<RspamdReply> reply = Optional.empty();
        Optional<String> failure = Optional.empty();
        if (rspamd.isPresent()) {
            try {
                reply = Optional.of(rspamd.get().check(message, envelope, inspection.authenticatedUser()));
            } catch (RspamdFailure e) {
                if (holdOnFailure) {
                    return Verdict.of(name(), "temperror", e.getMessage() + "; held (rspamd.on-failure: hold)").refuse(HOLD);
                }
                failure = Optional.of(e.getMessage());
            }
        }
        int scl = Math.max(0, Math.min(9, reply.map(RspamdReply::scl).orElse(0) + found.points()));
        return decide(envelope, message, new SpamReport(scl, found, reply, failure), failure.isPresent() ? "unscanned" : null);
    }

    /** @param list which allow list: sender, sender-domain, recipients or phrase */
    private Verdict bypassed(String why, String list) {
        return Verdict.of(name(), "bypassed", why).withScore(-1).withField(FIELD, "SCL=-1; bypass=" + list);
    }

    /** @param result the result word, or null for "spam" or "clean" as the thresholds say */
    private Verdict decide(Envelope envelope, RawMessage message, SpamReport report, String result) {
        SclThresholds.Band band = thresholds.forConnector(envelope.receiveConnector()).bandOf(report.scl());
        String word = result != null ? result : band == SclThresholds.Band.NONE ? "clean" : "spam";
        Verdict verdict = Verdict.of(name(), word, report.reason()).withScore(report.scl()).withField(FIELD, report.field());
        for (RspamdReply.Field f : report.rspamd().map(RspamdReply::addHeaders).orElse(List.of())) {
            verdict = verdict.withField(f.name(), f.value());
        }
        if (band == SclThresholds.Band.NONE) {
            return verdict;
        }
        RawMessage rewritten = HeadRewrite.apply(message, subjectPrefix,
                report.rspamd().map(RspamdReply::removeHeaders).orElse(Map.of()));
        if (rewritten != message) {
            verdict = verdict.withRewrite(rewritten);
        }
        return switch (band) {
            case TAG -> verdict.tag();
            case QUARANTINE -> verdict.quarantine();
            case REJECT -> verdict.refuse(SmtpReply.of(550, "5.7.1", "Message refused as spam (SCL " + report.scl() + ")"));
            case DELETE -> verdict.delete();
            case NONE -> verdict;
        };
    }
}
