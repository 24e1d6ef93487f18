// What a hook answers at one SMTP phase: no opinion, accept, reject (5xx) or defer (4xx).
package io.caravan.receive.hook;

import io.caravan.mail.SmtpReply;

/** The first decisive answer wins; {@link #next()} lets the following hooks and the default decide. */
public record HookResult(Decision decision, SmtpReply reply) {

    public enum Decision { NEXT, ACCEPT, REJECT, DEFER }

    private static final HookResult NEXT = new HookResult(Decision.NEXT, null);
    private static final HookResult ACCEPT = new HookResult(Decision.ACCEPT, null);

    public static HookResult next() {
        return NEXT;
    }

    public static HookResult accept() {
        return ACCEPT;
    }

    public static HookResult reject(SmtpReply reply) {
        if (!reply.isPermanent()) {
            throw new IllegalArgumentException("a rejection needs a 5xx reply: " + reply);
        }
        return new HookResult(Decision.REJECT, reply);
    }

    public static HookResult defer(SmtpReply reply) {
        if (!reply.isTransient()) {
            throw new IllegalArgumentException("a deferral needs a 4xx reply: " + reply);
        }
        return new HookResult(Decision.DEFER, reply);
    }

    public boolean isDecisive() {
        return decision != Decision.NEXT;
    }

    public boolean refuses() {
        return decision == Decision.REJECT || decision == Decision.DEFER;
    }
}
