// Inspection agent settings (caravan.checks.*): one block per agent, by the agent's name.
package io.caravan.check;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * <pre>
 * caravan:
 *   checks:
 *     enabled: true
 *     spf:   { action: ignore }                  # reject | quarantine | tag | ignore (some agents: strip, delete)
 *     dmarc: { action: reject, applies-to: [anonymous], connectors: [default] }
 * </pre>
 * An agent with settings of its own (e.g. header-rule's field and pattern) maps them in its class.
 */
@ConfigMapping(prefix = "caravan.checks")
public interface ChecksConfig {

    /** Run the agents at all. */
    @WithDefault("true")
    boolean enabled();

    /** By agent name. */
    @WithParentName
    Map<String, Agent> agents();

    interface Agent {
        /** reject, quarantine or ignore; unset: the agent's default. */
        Optional<String> action();

        /** Client trusts (anonymous, relay, authenticated) whose mail the agent inspects; unset: the agent's default. */
        Optional<List<String>> appliesTo();

        /** Receive connectors (caravan.receive-connectors.&lt;name&gt;) whose mail the agent inspects; unset: all. */
        Optional<List<String>> connectors();
    }
}
