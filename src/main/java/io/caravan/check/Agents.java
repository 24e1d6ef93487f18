// Runs inspection agents: their settings (parsed once), when each applies, the action taken, and the record kept.
package io.caravan.check;

import io.caravan.config.ConfigurationCheck;
import io.caravan.mail.CaravanHeaders;
import io.caravan.mail.ClientTrust;
import io.caravan.mail.InspectionGate;
import io.caravan.mail.SmtpPhase;
import io.caravan.mail.SmtpReply;
import io.caravan.tracking.MessageEvents;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.apache.camel.Exchange;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one place an agent's verdict becomes a decision. An agent runs when {@code caravan.checks.enabled},
 * when the client's trust is in its {@code applies-to} (by default mail from the internet, see
 * {@link InspectionAgent#defaultAppliesTo()}), when the receive connector is in its {@code connectors},
 * unless it is an anti-spam agent and the client is on an {@link AllowList}, and while no earlier step
 * has chosen an SMTP reply or deleted the message. Its verdict is kept on the {@link Inspection},
 * written to the tracking log, and counted in metric {@code caravan_agent_verdicts_total{agent,result,action}}.
 *
 * <p>At MAIL and RCPT ({@link InspectionAgent#phase()}) the same rules hold, and a refusal is the reply to
 * that command (a refused RCPT is not added). The other verdicts are carried by the transaction
 * ({@link TransactionVerdicts}) to its end of data; a verdict identical to one already recorded in the
 * transaction is applied again but recorded once. As an {@link InspectionGate}, it tells the SMTP session
 * when no agent applies, so the command is answered without a trip to a worker.
 */
@Singleton
public class Agents implements ConfigurationCheck, InspectionGate {

    /** An agent's settings, parsed once from caravan.checks.&lt;name&gt;; connectors empty means all. */
    record Settings(CheckAction action, Set<ClientTrust> appliesTo, Set<String> connectors) {

        boolean applies(ClientTrust trust, String connector) {
            return appliesTo.contains(trust) && (connectors.isEmpty() || connectors.contains(connector));
        }
    }

    /** What was done with a verdict; the tracking log's and the metric's action label. */
    public enum Outcome {
        RECORDED, TAGGED, QUARANTINED, DELETED, REFUSED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final ChecksConfig config;
    private final Iterable<InspectionAgent> agents;
    private final Iterable<AllowList> allowLists;
    private final MessageEvents events;
    private final MeterRegistry metrics;
    private final Map<String, Settings> settings = new ConcurrentHashMap<>();
    private final Map<List<Object>, Boolean> gate = new ConcurrentHashMap<>();

    /** Instances, not lists: the agents (and the connection filter, an allow list) need this bean first. */
    @Inject
    public Agents(ChecksConfig config, Instance<InspectionAgent> agents, Instance<AllowList> allowLists, MessageEvents events,
            MeterRegistry metrics) {
        this(config, (Iterable<InspectionAgent>) agents, allowLists, events, metrics);
    }

    Agents(ChecksConfig config, Iterable<InspectionAgent> agents, Iterable<AllowList> allowLists, MessageEvents events,
            MeterRegistry metrics) {
        this.config = config;
        this.agents = agents;
        this.allowLists = allowLists;
        this.events = events;
        this.metrics = metrics;
    }

    void run(InspectionAgent agent, Exchange exchange) throws Exception {
        if (!config.enabled() || !agent.enabled() || exchange.getIn().getHeader(CaravanHeaders.SMTP_REPLY) != null) {
            return;
        }
        Inspection inspection = Inspection.of(exchange);
        Settings s = settings(agent);
        if (inspection.hold() == Inspection.Hold.DELETE || !s.applies(inspection.trust(), inspection.envelope().receiveConnector())
                || agent.isAntiSpam() && allowListed(inspection, agent)) {
            return;
        }
        Verdict verdict = agent.inspect(inspection);
        inspection.add(verdict);
        Outcome taken = apply(verdict, s.action(), exchange, inspection);
        if (inspection.phase() != SmtpPhase.DATA && !carried(verdict, taken, s.action(), exchange, inspection)) {
            return;
        }
        events.inspected(inspection.envelope(), verdict.agent(), verdict.result(), verdict.score(), taken.wire(),
                verdict.reason());
        metrics.counter("caravan.agent.verdicts", "agent", verdict.agent(), "result", verdict.result(), "action", taken.wire()).increment();
    }

    /** On an allow list other than the agent itself (the connection filter records its own "allowed"). */
    private boolean allowListed(Inspection inspection, InspectionAgent agent) {
        for (AllowList list : allowLists) {
            if (list != agent && list.listing(inspection).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /**
     * At MAIL or RCPT: keeps what is not a refusal for the end of data, passes on the reply delay the agent asked
     * for (unless its action is ignore), and says whether the verdict is new to the transaction (to be recorded).
     */
    private static boolean carried(Verdict verdict, Outcome taken, CheckAction action, Exchange exchange, Inspection inspection) {
        TransactionVerdicts carried = inspection.carried();
        if (taken != Outcome.REFUSED) {
            carried.keep(verdict);
        }
        long delay = inspection.replyDelay().toMillis();
        Long asked = exchange.getIn().getHeader(CaravanHeaders.REPLY_DELAY, Long.class);
        if (action != CheckAction.IGNORE && delay > 0 && (asked == null || asked < delay)) {
            exchange.getIn().setHeader(CaravanHeaders.REPLY_DELAY, delay);
        }
        return carried.firstOfItsKind(verdict);
    }

    /** Whether an enabled agent of this phase applies to such a client on this connector; settings only, never blocks. */
    @Override
    public boolean inspects(SmtpPhase phase, ClientTrust trust, String connector) {
        if (!config.enabled()) {
            return false;
        }
        return gate.computeIfAbsent(List.of(phase, trust, connector), k -> {
            for (InspectionAgent agent : agents) {
                if (agent.phase() == phase && agent.enabled() && settings(agent).applies(trust, connector)) {
                    return true;
                }
            }
            return false;
        });
    }

    private static Outcome apply(Verdict verdict, CheckAction action, Exchange exchange, Inspection inspection) {
        Outcome outcome = outcome(verdict, action);
        switch (outcome) {
            case REFUSED -> exchange.getIn().setHeader(CaravanHeaders.SMTP_REPLY, verdict.refusal().orElseThrow());
            case TAGGED -> verdict.rewrite().ifPresent(changed -> exchange.getIn().setBody(changed));
            case QUARANTINED -> inspection.holdFor(Inspection.Hold.QUARANTINE, verdict);
            case DELETED -> inspection.holdFor(Inspection.Hold.DELETE, verdict);
            case RECORDED -> {
                // nothing but the record
            }
        }
        return outcome;
    }

    /**
     * The action caps the agent's wish: reject lets it stand; quarantine holds what would be refused or
     * deleted; tag and strip deliver it marked; delete drops what would be refused; ignore only records.
     * A 4xx refusal (the agent could not decide, e.g. its engine is down) stands under every action but
     * ignore: unscanned mail is held for the client to retry, never quarantined or tagged by accident.
     */
    static Outcome outcome(Verdict verdict, CheckAction action) {
        if (action == CheckAction.IGNORE) {
            return Outcome.RECORDED;
        }
        boolean marks = action == CheckAction.TAG || action == CheckAction.STRIP;
        return switch (verdict.wish()) {
            case ACCEPT -> Outcome.RECORDED;
            case TAG -> Outcome.TAGGED;
            case QUARANTINE -> marks ? Outcome.TAGGED : Outcome.QUARANTINED;
            case DELETE -> marks ? Outcome.TAGGED : action == CheckAction.QUARANTINE ? Outcome.QUARANTINED : Outcome.DELETED;
            case REFUSE -> verdict.refusal().map(SmtpReply::isTransient).orElse(false) ? Outcome.REFUSED : switch (action) {
                case REJECT -> Outcome.REFUSED;
                case QUARANTINE -> Outcome.QUARANTINED;
                case DELETE -> Outcome.DELETED;
                default -> Outcome.TAGGED;
            };
        };
    }

    Settings settings(InspectionAgent agent) {
        return settings.computeIfAbsent(agent.name(), name -> parse(agent));
    }

    private Settings parse(InspectionAgent agent) {
        String key = "caravan.checks." + agent.name();
        Optional<ChecksConfig.Agent> configured = Optional.ofNullable(config.agents().get(agent.name()));
        CheckAction action = configured.flatMap(ChecksConfig.Agent::action)
                .map(a -> CheckAction.parse(key + ".action", a, agent.actions()))
                .orElse(agent.defaultAction());
        Set<ClientTrust> appliesTo = EnumSet.noneOf(ClientTrust.class);
        configured.flatMap(ChecksConfig.Agent::appliesTo).ifPresentOrElse(
                names -> names.forEach(t -> appliesTo.add(ClientTrust.parse(key + ".applies-to", t))),
                () -> appliesTo.addAll(agent.defaultAppliesTo()));
        Set<String> connectors = Set.copyOf(configured.flatMap(ChecksConfig.Agent::connectors).orElse(List.of()));
        return new Settings(action, appliesTo, connectors);
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
