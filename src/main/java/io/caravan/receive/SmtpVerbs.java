// The table of SMTP verbs a session dispatches to; the commands themselves live in receive/command.
package io.caravan.receive;

/**
 * Injected, so this package never names a command class: the commands depend on the session, and
 * the session only on this table (no package cycle).
 */
public interface SmtpVerbs {

    /** The command for an upper-case verb; an unknown verb gets the "command not recognized" command. */
    SmtpCommand forVerb(String verb);
}
