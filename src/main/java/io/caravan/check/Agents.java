// Runs inspection agents: their settings (parsed once), when each applies, the action taken, and the record kept.
package io.caravan.check;

import io.caravan.config.ConfigurationCheck;
import io.caravan.mail.CaravanHeaders;
import io.caravan.mail.ClientTrust;
import io.caravan.tracking.MessageEvents;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import org.apache.camel.Exchange;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one place an agent's verdict becomes a decision. An agent runs when {@code caravan.checks.enabled},
 * when the client's trust is in its {@code applies-to} (by default mail from the internet only, see
 * {@link ClientTrust#isOwnMail()}) and while no earlier step has chosen an SMTP reply. Its verdict is
 * kept on the {@link Inspection}, written to the tracking log, and counted in metric
 * {@code caravan_agent_verdicts_total{agent,result,action}}.
 */
@Singleton
public class Agents implements ConfigurationCheck {

    /** An agent's settings, parsed once from caravan.checks.&lt;name&gt;. */
    record Settings(CheckAction action, Set<ClientTrust> appliesTo) {
    }

    /** The default: every trust that is not our own mail (the same rule DKIM signing uses the other way round). */
    private static final Set<ClientTrust> FROM_THE_INTERNET = EnumSet.copyOf(
            Arrays.stream(ClientTrust.values()).filter(t -> !t.isOwnMail()).toList());

    private final ChecksConfig config;
    private final Instance<InspectionAgent> agents;
    private final MessageEvents events;
    private final MeterRegistry metrics;
    private final Map<String, Settings> settings = new ConcurrentHashMap<>();

    public Agents(ChecksConfig config, Instance<InspectionAgent> agents, MessageEvents events, MeterRegistry metrics) {
        this.config = config;
        this.agents = agents;
        this.events = events;
        this.metrics = metrics;
    }

    void run(InspectionAgent agent, Exchange exchange) throws Exception {
        if (!config.enabled() || !agent.enabled() || exchange.getIn().getHeader(CaravanHeaders.SMTP_REPLY) != null) {
            return;
        }
        Inspection inspection = Inspection.of(exchange);
        Settings s = settings(agent);
        if (!s.appliesTo().contains(inspection.trust())) {
            return;
        }
        Verdict verdict = agent.inspect(inspection);
        inspection.add(verdict);
        String taken = apply(verdict, s.action(), exchange);
        events.inspected(inspection.envelope().queueId(), verdict.agent(), verdict.result(), taken, verdict.reason());
        metrics.counter("caravan.agent.verdicts", "agent", verdict.agent(), "result", verdict.result(), "action", taken).increment();
    }

    /** @return what was done: "refused", "quarantined" or "recorded" */
    private static String apply(Verdict verdict, CheckAction action, Exchange exchange) {
        if (verdict.wish() == Verdict.Wish.ACCEPT || action == CheckAction.IGNORE) {
            return "recorded";
        }
        if (verdict.wish() == Verdict.Wish.REFUSE && action == CheckAction.REJECT) {
            exchange.getIn().setHeader(CaravanHeaders.SMTP_REPLY, verdict.refusal().orElseThrow());
            return "refused";
        }
        Quarantine.mark(exchange, verdict.agent() + ": " + verdict.reason());
        return "quarantined";
    }

    Settings settings(InspectionAgent agent) {
        return settings.computeIfAbsent(agent.name(), name -> parse(name, agent.defaultAction()));
    }

    private Settings parse(String name, CheckAction defaultAction) {
        String key = "caravan.checks." + name;
        ChecksConfig.Agent configured = config.agents().get(name);
        if (configured == null) {
            return new Settings(defaultAction, FROM_THE_INTERNET);
        }
        CheckAction action = configured.action().map(a -> CheckAction.parse(key + ".action", a)).orElse(defaultAction);
        if (configured.appliesTo().isEmpty()) {
            return new Settings(action, FROM_THE_INTERNET);
        }
        Set<ClientTrust> appliesTo = EnumSet.noneOf(ClientTrust.class);
        for (String t : configured.appliesTo().get()) {
            appliesTo.add(ClientTrust.parse(key + ".applies-to", t));
        }
        return new Settings(action, appliesTo);
    }

    /** A block for no known agent, a bad action or trust. */
    @Override
    public List<String> configurationErrors() {
        List<String> errors = new ArrayList<>();
        Set<String> known = new TreeSet<>();
        for (InspectionAgent agent : agents) {
            known.add(agent.name());
            errors.addAll(agent.configurationErrors());
            try {
                settings(agent);
            } catch (IllegalArgumentException e) {
                errors.add(e.getMessage());
            }
        }
        for (String name : config.agents().keySet()) {
            if (!known.contains(name)) {
                errors.add("caravan.checks." + name + ": no inspection agent is called '" + name + "' (known: "
                        + String.join(", ", known) + ")");
            }
        }
        return errors;
    }
}
