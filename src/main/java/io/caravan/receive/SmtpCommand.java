// One SMTP command verb; each verb is one class (RFC 5321 §4.1.1).
package io.caravan.receive;


public interface SmtpCommand {
    /** @param argument the text after the verb, trimmed; empty when there is none */
    void execute(SmtpSession session, String argument);
}
