// Whether any inspection agent would look at a MAIL or RCPT command, asked before the SMTP session leaves its event loop.
package io.caravan.mail;

/**
 * Implemented by the agents (io.caravan.check.Agents) and asked by the receive connector, which knows
 * neither: mail no agent applies to (our own users', by default) is answered at once, without a trip
 * to a worker thread and the filter route. Must not block: it reads settings, nothing else.
 */
public interface InspectionGate {

    /** False lets every command through unasked. */
    InspectionGate NONE = (phase, trust, connector) -> false;

    /**
     * @param connector the receive connector's name
     * @return whether an enabled agent of this phase applies to a client of this trust on this connector
     */
    boolean inspects(SmtpPhase phase, ClientTrust trust, String connector);
}
