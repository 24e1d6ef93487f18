// The one temporary DNS failure: the question went unanswered now (timeout, SERVFAIL, REFUSED, network error).
package io.caravan.dns;

/**
 * Every DNS user tells this apart from "no such name" or "no such record", which are answers: SPF
 * and DMARC make it a temperror, DKIM a temporary verification failure, routing a 4xx deferral, and
 * a block list lookup never refuses mail because of it.
 */
public final class DnsTemporaryFailure extends Exception {

    /** No response code: the server did not answer in time, or the network failed. */
    public static final int UNANSWERED = -1;

    private final int rcode;

    public DnsTemporaryFailure(String message) {
        this(message, UNANSWERED);
    }

    public DnsTemporaryFailure(String message, int rcode) {
        super(message);
        this.rcode = rcode;
    }

    /** The server's response code (e.g. Rcode.SERVFAIL), or {@link #UNANSWERED}; troubleshooting tells them apart. */
    public int rcode() {
        return rcode;
    }
}
