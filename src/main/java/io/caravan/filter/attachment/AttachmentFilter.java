// Inspection agent: refuses (or quarantines, or strips) mail carrying executables and scripts, by name, declared type or true type, in zips too.
package io.caravan.filter.attachment;

import io.caravan.check.Agents;
import io.caravan.check.CheckAction;
import io.caravan.check.ChecksConfig;
import io.caravan.check.Inspection;
import io.caravan.check.InspectionAgent;
import io.caravan.check.Verdict;
import io.caravan.mail.RawMessage;
import io.caravan.mail.SmtpReply;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Exchange's attachment filtering agent. In routes/20-filter.yaml: {@code - process: { ref: attachmentFilter }}.
 * Every part of the message is checked ({@link AttachmentScanner}); keys in {@link AttachmentSettings}.
 * What it answers:
 * <ul>
 * <li>a blocked attachment: {@code 554 5.7.1 Message rejected: blocked attachment invoice.pdf (application/x-msdownload)};
 *     under action {@code strip} the message is delivered with each blocked part replaced by a short text part,
 *     and {@code X-Caravan-Attachment: stripped invoice.pdf (application/x-msdownload)};</li>
 * <li>MIME that cannot be inspected (no boundary, nested too deep): {@code 554 5.6.0 Message rejected: <why>};
 *     under {@code strip} the whole body is replaced;</li>
 * <li>otherwise nothing but the tracking line; defects read past (an unterminated multipart) are named in it.</li>
 * </ul>
 */
@Singleton
@Named("attachmentFilter")
public class AttachmentFilter extends InspectionAgent {

    /** The header field on delivered mail saying what was blocked or stripped. */
    public static final String FIELD = "X-Caravan-Attachment";
    static final String NAME = "attachment-filter";

    private final AttachmentPolicy policy;
    private final AttachmentScanner scanner;
    private final ChecksConfig checks;

    public AttachmentFilter(Agents agents, AttachmentSettings settings, ChecksConfig checks) {
        super(agents);
        this.policy = AttachmentPolicy.of(settings);
        this.scanner = new AttachmentScanner(policy);
        this.checks = checks;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CheckAction defaultAction() {
        return CheckAction.REJECT;
    }

    @Override
    public Set<CheckAction> actions() {
        return Set.of(CheckAction.REJECT, CheckAction.QUARANTINE, CheckAction.STRIP, CheckAction.IGNORE);
    }

    @Override
    public List<String> configurationErrors() {
        return policy.errors();
    }

    @Override
    public Verdict inspect(Inspection inspection) throws IOException {
        RawMessage message = inspection.message();
        AttachmentScanner.Report report;
        try (InputStream in = message.open()) {
            report = scanner.scan(in);
        }
        boolean strips = strips();
        if (report.uninspectable().isPresent()) {
            String why = report.uninspectable().get();
            Verdict v = Verdict.of(name(), "malformed", why)
                    .withField(FIELD, (strips ? "stripped: the whole body, " : "not inspected: ") + why)
                    .refuse(SmtpReply.of(554, "5.6.0", "Message rejected: " + why));
            return strips ? v.withRewrite(AttachmentStripper.replaceBody(message, why)) : v;
        }
        if (!report.blocked().isEmpty()) {
            List<Blocked> blocked = report.blocked();
            Blocked first = blocked.get(0);
            String labels = blocked.stream().map(Blocked::label).collect(Collectors.joining(", "));
            String reason = "blocked attachment " + first.label() + ": " + first.why()
                    + (blocked.size() > 1 ? " (and " + (blocked.size() - 1) + " more)" : "");
            Verdict v = Verdict.of(name(), "blocked", reason)
                    .withField(FIELD, (strips ? "stripped " : "blocked ") + labels)
                    .refuse(SmtpReply.of(554, "5.7.1", "Message rejected: blocked attachment " + first.label()));
            return strips ? v.withRewrite(AttachmentStripper.strip(message, blocked)) : v;
        }
        String tolerated = report.tolerated().isEmpty() ? "" : "; read past: " + String.join("; ", report.tolerated());
        return Verdict.of(name(), "clean", report.parts() + " parts inspected, none blocked" + tolerated);
    }

    /**
     * Under action strip the verdict carries the stripped message; under any other action none is
     * made (a refused or quarantined message would only leave a copy behind).
     */
    private boolean strips() {
        ChecksConfig.Agent configured = checks.agents().get(NAME);
        return configured != null && configured.action().map(a -> a.strip().equalsIgnoreCase(CheckAction.STRIP.wireName())).orElse(false);
    }
}
