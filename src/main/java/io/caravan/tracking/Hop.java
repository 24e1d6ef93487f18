// Where a copy was going when a delivery event happened: its send connector and next hop.
package io.caravan.tracking;

/** Empty strings when the event comes before routing (a copy that expired or found no send connector). */
public record Hop(String connector, String nextHop) {

    public static final Hop NONE = new Hop("", "");

    public Hop {
        connector = connector == null ? "" : connector;
        nextHop = nextHop == null ? "" : nextHop;
    }
}
