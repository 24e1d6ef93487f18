// What a MAIL or RCPT filter route answered: the refusal (if any), how long to wait before replying, and the verdicts to carry.
package io.caravan.receive;

import io.caravan.mail.SmtpReply;

import java.time.Duration;

/**
 * @param refusal  the reply instead of 250, or null to accept the command
 * @param delay    how long the session waits before it replies (zero: at once)
 * @param verdicts what the agents decided, opaque here, for the transaction to carry to its end of data
 */
public record PhaseAnswer(SmtpReply refusal, Duration delay, Object verdicts) {
}
