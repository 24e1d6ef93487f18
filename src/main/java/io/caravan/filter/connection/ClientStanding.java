// What the connection filter found out about one client: allowed, blocked or neither, by which list, and what went wrong on the way.
package io.caravan.filter.connection;

import java.util.List;

/**
 * Decided once per SMTP session and kept in its attributes, so a client is looked up once however
 * many recipients it sends.
 *
 * @param kind     allowed, blocked or neither
 * @param list     the list that decided (a DNS zone, or "local allow list" / "local block list"); empty for NONE
 * @param reason   one line for the tracking log
 * @param problems lists that could not answer (DNS failure, provider error code), for the record
 */
public record ClientStanding(Kind kind, String list, String reason, List<DnsList.Answer> problems) {

    public enum Kind { ALLOWED, BLOCKED, NONE }

    public ClientStanding {
        problems = List.copyOf(problems);
    }

    /** The verdict's result word: allowed, listed, temperror (a list did not answer), permerror (a provider error code) or none. */
    public String result() {
        return switch (kind) {
            case ALLOWED -> "allowed";
            case BLOCKED -> "listed";
            case NONE -> problems.stream().anyMatch(p -> p.outcome() == DnsList.Outcome.TEMPERROR) ? "temperror"
                    : problems.isEmpty() ? "none" : "permerror";
        };
    }
}
