// One step of the troubleshooting checklist: looks at something (DNS, a remote host, our configuration) and writes findings.
package io.caravan.diagnostics;

/**
 * Reads only: a check never changes state, never sends mail, and bounds every network step with
 * the timeouts of caravan.diagnostics.*. It reports trouble as findings rather than throwing.
 */
@FunctionalInterface
public interface DiagnosticCheck {

    void run(Findings out) throws InterruptedException;
}
