// The directory-harvest defence: a client that keeps asking for recipients that do not exist is slowed, then sent away.
package io.caravan.filter.recipient;

import java.time.Duration;

/**
 * Counted per SMTP session (a harvester uses RSET, not new connections, to try the next name), as
 * Postfix's smtpd_soft_error_limit / smtpd_hard_error_limit and Exchange's tarpit do: once a session
 * has asked for {@code delayAfter} unknown recipients, every later RCPT reply waits {@code delay}
 * (a fixed delay each time, not growing: the disconnect bounds the total); the {@code disconnectAfter}-th
 * unknown recipient gets 421 4.7.0 and the connection is closed. 0 turns either step off.
 */
public record Harvest(int delayAfter, Duration delay, int disconnectAfter) {

    /** How long the reply to a RCPT waits when the session has asked for {@code unknownSoFar} unknown recipients before it. */
    public Duration delayFor(int unknownSoFar) {
        return delayAfter > 0 && unknownSoFar >= delayAfter ? delay : Duration.ZERO;
    }

    /** Whether the session is closed on its {@code unknown}-th unknown recipient. */
    public boolean disconnects(int unknown) {
        return disconnectAfter > 0 && unknown >= disconnectAfter;
    }
}
