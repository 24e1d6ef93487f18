// The agent contract: one class per inspection step of the receive pipeline (SPF, DKIM, DMARC, filters).
package io.caravan.check;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import io.caravan.mail.ClientTrust;
import io.caravan.mail.SmtpPhase;

import java.util.List;
import java.util.Set;

/**
 * Exchange's transport agents at OnEndOfData, maddy's checks. Adding an agent is one subclass
 * (a {@code @Singleton @Named("fooCheck")} bean with a {@link #name()}), one YAML step in
 * routes/20-filter.yaml ({@code - process: { ref: fooCheck }}) and, if its defaults do not suit,
 * one config block {@code caravan.checks.<name>} with {@code action} and {@code applies-to}.
 * The agent only reads the message and returns a {@link Verdict}; {@link Agents} decides whether it
 * runs, applies the administrator's action, and records the verdict.
 */
public abstract class InspectionAgent implements Processor {

    private final Agents agents;

    protected InspectionAgent(Agents agents) {
        this.agents = agents;
    }

    /** Lower-case, e.g. "spf": the config block caravan.checks.&lt;name&gt;, the tracking and metric label. */
    public abstract String name();

    /** The action when caravan.checks.&lt;name&gt;.action is not set. */
    public CheckAction defaultAction() {
        return CheckAction.IGNORE;
    }

    /** The actions caravan.checks.&lt;name&gt;.action may name for this agent. */
    public Set<CheckAction> actions() {
        return CheckAction.COMMON;
    }

    /** Whose mail the agent inspects when caravan.checks.&lt;name&gt;.applies-to is not set: mail from the internet. */
    public Set<ClientTrust> defaultAppliesTo() {
        return Set.of(ClientTrust.ANONYMOUS);
    }

    /**
     * The SMTP command whose filter route (routes/20-filter.yaml) the agent is a step of: DATA (route 20-filter,
     * the end of the message) unless it judges MAIL (20-filter-mail) or RCPT (20-filter-rcpt). The SMTP session
     * asks a phase's route only when an agent of that phase applies to the client.
     */
    public SmtpPhase phase() {
        return SmtpPhase.DATA;
    }

    /** True for anti-spam agents, which a client on an IP allow list ({@link AllowList}) skips. */
    public boolean isAntiSpam() {
        return false;
    }

    /** False while the agent has nothing to do (e.g. no rule configured): it is skipped and records nothing. */
    public boolean enabled() {
        return true;
    }

    /** Problems with the agent's own keys, each naming its key; reported at start-up. */
    public List<String> configurationErrors() {
        return List.of();
    }

    /** Reads the message and says what it found; never changes the exchange. */
    public abstract Verdict inspect(Inspection inspection) throws Exception;

    @Override
    public final void process(Exchange exchange) throws Exception {
        agents.run(this, exchange);
    }
}
