// The one temporary DNS failure: the question went unanswered now (timeout, SERVFAIL, REFUSED, network error).
package io.caravan.dns;

/**
 * Every DNS user tells this apart from "no such name" or "no such record", which are answers: SPF
 * and DMARC make it a temperror, DKIM a temporary verification failure, routing a 4xx deferral, and
 * a block list lookup never refuses mail because of it.
 */
public final class DnsTemporaryFailure extends Exception {

    public DnsTemporaryFailure(String message) {
        super(message);
    }
}
