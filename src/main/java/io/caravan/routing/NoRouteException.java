// A next hop that cannot be reached by DNS: temporarily (SERVFAIL, timeout) or for good (NXDOMAIN, null MX).
package io.caravan.routing;

import io.caravan.mail.SmtpReply;

public final class NoRouteException extends Exception {

    private final SmtpReply reply;

    public NoRouteException(SmtpReply reply) {
        super(reply.toString());
        this.reply = reply;
    }

    /** The reply recorded for the recipients: 4xx when a retry may succeed, 5xx when it cannot. */
    public SmtpReply reply() {
        return reply;
    }
}
